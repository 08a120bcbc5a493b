package org.sbc.core.events.syslog;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.sbc.core.config.SyslogSinkConfig;
import org.sbc.core.tls.PemFiles;

/** The two ways a stream sink connects: plain TCP (RFC 6587) and TLS (RFC 5425). */
final class Connectors {

    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** A collector that accepts and then never finishes the handshake must not hold us forever. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private Connectors() {}

    static Connector tcp(InetSocketAddress collector) {
        return () -> open(collector);
    }

    /**
     * RFC 5425 §5.2: the collector is authenticated by its certificate, which must chain to
     * {@code ca_file} and name the configured {@code server_name} or, without one, the IP
     * address itself ({@code HTTPS} endpoint identification). Neither check can be turned off.
     */
    static Connector tls(SyslogSinkConfig config) throws IOException, GeneralSecurityException {
        SSLContext context = context(config.caFile().orElseThrow(), config.certFile(), config.keyFile());
        InetSocketAddress collector = config.address();
        String peerName = config.serverName().orElse(collector.getAddress().getHostAddress());
        return () -> {
            Socket plain = open(collector);
            try {
                SSLSocket tls = (SSLSocket) context.getSocketFactory()
                        .createSocket(plain, peerName, collector.getPort(), true);
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setProtocols(PROTOCOLS);
                config.serverName().ifPresent(name -> parameters.setServerNames(List.of(new SNIHostName(name))));
                tls.setSSLParameters(parameters);
                tls.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
                tls.startHandshake();
                tls.setSoTimeout(0);
                return tls;
            } catch (IOException | RuntimeException e) {
                plain.close();
                throw e;
            }
        };
    }

    static SSLContext context(Path caFile, Optional<Path> certFile, Optional<Path> keyFile)
            throws IOException, GeneralSecurityException {
        KeyStore trust = PemFiles.trustStore(caFile);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (certFile.isPresent() && keyFile.isPresent()) {
            char[] password = new char[0]; // the store lives in memory only
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            PrivateKey key = PemFiles.privateKey(keyFile.get());
            identity.setKeyEntry("client", key, password,
                    PemFiles.certificates(certFile.get()).toArray(new X509Certificate[0]));
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(identity, password);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static Socket open(InetSocketAddress collector) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(collector, CONNECT_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}

package org.sbc.core.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS towards a peer the SBC connects to (a PBX or trunk with {@code transport=tls} or a sips
 * URI): the peer's certificate must chain to the configured CA file and name the host the SBC
 * dialled (its DNS name, or its IP address in an IP SAN), RFC 5922 §7.2. There is no switch to
 * skip either check. The side's own certificate, when it has one, is offered for mutual TLS.
 */
public final class PeerTls {

    private final SslContext context;
    private final long handshakeTimeoutMillis;

    private PeerTls(SslContext context, long handshakeTimeoutMillis) {
        this.context = context;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /** @throws UncheckedIOException when a file cannot be read or used */
    public static PeerTls load(Path ca, Optional<Path> certificate, Optional<Path> key, int handshakeTimeoutSeconds) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols(TlsPolicy.PROTOCOLS)
                    .ciphers(TlsPolicy.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .trustManager(PemFiles.certificates(ca).toArray(new X509Certificate[0]));
            if (certificate.isPresent() && key.isPresent()) {
                TlsMaterial own = TlsMaterial.load(certificate.get(), key.get());
                builder.keyManager(own.key(), own.chain().toArray(new X509Certificate[0]));
            }
            return new PeerTls(builder.build(), TimeUnit.SECONDS.toMillis(handshakeTimeoutSeconds));
        } catch (IOException e) {
            throw new UncheckedIOException("TLS CA " + ca + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new UncheckedIOException(new IOException("TLS CA " + ca + " or client certificate: " + e.getMessage(), e));
        }
    }

    /**
     * A handler for a connection to {@code remote}. Its host string is the name the SBC resolved
     * (or the IP literal it was given), which the certificate must match, and the SNI it sends.
     */
    public SslHandler newHandler(ByteBufAllocator allocator, InetSocketAddress remote) {
        SslHandler handler = context.newHandler(allocator, remote.getHostString(), remote.getPort());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 6125 name checks, IP SANs for literals
        engine.setSSLParameters(parameters);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }
}

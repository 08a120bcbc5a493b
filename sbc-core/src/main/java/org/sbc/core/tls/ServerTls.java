package org.sbc.core.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/** Builds the server-side TLS context of a listener from its certificate chain and key. */
public final class ServerTls {

    private ServerTls() {}

    /**
     * JDK provider: the SBC ships no native TLS library, and the JDK's has TLS 1.3 and ChaCha20.
     *
     * @param pairs the default certificate first, then those chosen by SNI name ({@link SniKeyManager})
     * @param askClientCertificate request (never require) a client certificate: trunks are known by theirs
     */
    public static SslContext context(List<TlsMaterial> pairs, boolean askClientCertificate) throws SSLException {
        SslContextBuilder builder = pairs.size() == 1
                ? SslContextBuilder.forServer(pairs.get(0).key(), pairs.get(0).chain().toArray(new X509Certificate[0]))
                : SslContextBuilder.forServer(new SniKeyManager(pairs));
        if (askClientCertificate) {
            builder.clientAuth(ClientAuth.OPTIONAL).trustManager(AnyClientCertificate.INSTANCE);
        } else {
            builder.clientAuth(ClientAuth.NONE);
        }
        return builder
                .sslProvider(SslProvider.JDK)
                .protocols(TlsPolicy.PROTOCOLS)
                .ciphers(TlsPolicy.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .build();
    }
}

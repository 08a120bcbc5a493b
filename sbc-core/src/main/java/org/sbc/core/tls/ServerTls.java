package org.sbc.core.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/** Builds the server-side TLS context of a listener from its certificate chain and key. */
public final class ServerTls {

    private ServerTls() {}

    /** JDK provider: the SBC ships no native TLS library, and the JDK's has TLS 1.3 and ChaCha20. */
    public static SslContext context(TlsMaterial material) throws SSLException {
        return SslContextBuilder.forServer(material.key(), material.chain().toArray(new X509Certificate[0]))
                .sslProvider(SslProvider.JDK)
                .protocols(TlsPolicy.PROTOCOLS)
                .ciphers(TlsPolicy.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .clientAuth(ClientAuth.NONE)
                .build();
    }
}

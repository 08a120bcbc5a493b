package org.sbc.core.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;

/**
 * The TLS side of one side's listeners: the server context built from its certificate and key,
 * and a fresh {@link SslHandler} per accepted connection with the handshake deadline set.
 */
public final class ListenerTls {

    private final Path certificate;
    private final Path key;
    private final long handshakeTimeoutMillis;
    private volatile SslContext context;

    private ListenerTls(Path certificate, Path key, long handshakeTimeoutMillis, SslContext context) {
        this.certificate = certificate;
        this.key = key;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.context = context;
    }

    /**
     * Reads the files again (the config loader checked them; they may have changed since).
     *
     * @throws UncheckedIOException when they cannot be read or do not form a usable pair
     */
    public static ListenerTls load(Path certificate, Path key, int handshakeTimeoutSeconds) {
        return new ListenerTls(certificate, key, TimeUnit.SECONDS.toMillis(handshakeTimeoutSeconds),
                build(certificate, key));
    }

    /** A handler for one accepted connection, as the server: the handshake must finish in time. */
    public SslHandler newHandler(ByteBufAllocator allocator) {
        SslHandler handler = context.newHandler(allocator);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    Path certificate() {
        return certificate;
    }

    Path key() {
        return key;
    }

    private static SslContext build(Path certificate, Path key) {
        try {
            return ServerTls.context(TlsMaterial.load(certificate, key));
        } catch (IOException e) {
            throw new UncheckedIOException("TLS certificate " + certificate + " or key " + key + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new UncheckedIOException(new IOException(
                    "TLS certificate " + certificate + " or key " + key + ": " + e.getMessage(), e));
        }
    }
}

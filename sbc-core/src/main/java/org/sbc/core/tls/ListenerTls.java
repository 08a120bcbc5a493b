package org.sbc.core.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TLS side of one side's listeners: the server context built from its certificate and key
 * (and those it serves by SNI name), and a fresh {@link SslHandler} per accepted connection with
 * the handshake deadline set.
 *
 * <p>The context is an immutable snapshot behind a volatile reference: {@link #reloadIfChanged}
 * builds a new one when the files' contents change (a renewed certificate) and publishes it with
 * one write, or keeps the old one if the new files do not make a usable pair. Connections already
 * open keep the engine they were accepted with, so a renewal drops no call.
 */
public final class ListenerTls {

    /** What a reload check did. */
    public enum Reload { UNCHANGED, RELOADED, FAILED }

    private final List<PemPair> pairs;
    private final long handshakeTimeoutMillis;
    private final TrunkCertificates trunks;
    private volatile SslContext context;
    /** SHA-256 of the files the current context was built from; only the reload thread touches it. */
    private byte[] builtFrom;

    private ListenerTls(List<PemPair> pairs, long handshakeTimeoutMillis, TrunkCertificates trunks) {
        this.pairs = List.copyOf(pairs);
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.trunks = trunks;
    }

    /**
     * Reads the files again (the config loader checked them; they may have changed since).
     *
     * @throws UncheckedIOException when they cannot be read or do not form a usable pair
     */
    public static ListenerTls load(PemPair main, List<PemPair> bySni, int handshakeTimeoutSeconds) {
        return load(main, bySni, handshakeTimeoutSeconds, TrunkCertificates.NONE);
    }

    /** As {@link #load(PemPair, List, int)}, asking clients for a certificate unless {@code trunks} is empty. */
    public static ListenerTls load(PemPair main, List<PemPair> bySni, int handshakeTimeoutSeconds,
            TrunkCertificates trunks) {
        List<PemPair> pairs = new ArrayList<>(List.of(main));
        pairs.addAll(bySni);
        ListenerTls tls = new ListenerTls(pairs, TimeUnit.SECONDS.toMillis(handshakeTimeoutSeconds), trunks);
        try {
            tls.builtFrom = tls.digest();
            tls.context = tls.build();
        } catch (IOException e) {
            throw new UncheckedIOException("TLS certificate " + main.certificate() + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new UncheckedIOException(new IOException(
                    "TLS certificate " + main.certificate() + ": " + e.getMessage(), e));
        }
        return tls;
    }

    /** A handler for one accepted connection, as the server: the handshake must finish in time. */
    public SslHandler newHandler(ByteBufAllocator allocator) {
        SslHandler handler = context.newHandler(allocator);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    /**
     * Rebuilds the context if the certificate or key file changed since it was built. Never on an
     * event loop: it reads files. A failed attempt is retried at the next check, since the two
     * files are seldom replaced in one step.
     */
    public Reload reloadIfChanged() {
        try {
            byte[] now = digest();
            if (Arrays.equals(now, builtFrom)) {
                return Reload.UNCHANGED;
            }
            context = build();
            builtFrom = now;
            return Reload.RELOADED;
        } catch (IOException | GeneralSecurityException e) {
            return Reload.FAILED;
        }
    }

    private SslContext build() throws IOException, GeneralSecurityException {
        List<TlsMaterial> materials = new ArrayList<>();
        for (PemPair pair : pairs) {
            materials.add(TlsMaterial.load(pair.certificate(), pair.key()));
        }
        return ServerTls.context(materials, !trunks.isEmpty());
    }

    /** What the files hold now; a renewal that keeps size and time stamp still changes this. */
    private byte[] digest() throws IOException {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (PemPair pair : pairs) {
                sha256.update(PemFiles.read(pair.certificate()));
                sha256.update(PemFiles.read(pair.key()));
            }
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Which trunk a client certificate on these listeners identifies; {@link TrunkCertificates#NONE} if none is asked for. */
    public TrunkCertificates trunks() {
        return trunks;
    }

    /** The default certificate's file, naming this listener's TLS in logs. */
    Path certificate() {
        return pairs.get(0).certificate();
    }
}

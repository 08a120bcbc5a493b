package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A side's TLS ({@code outside.tls}, {@code inside.tls}). Paths are absolute here: the loader
 * resolves them against the config file's directory.
 *
 * @param certificate the PEM chain the side's {@code tls:} listeners present (and, as a client
 *     certificate, the connections the SBC opens from that side); required with a {@code tls:} listener
 * @param key its private key, PEM, readable by the SBC's user alone; given whenever certificate is
 * @param ca the PEM certificates that a TLS peer the SBC connects to from this side (the PBX, a
 *     trunk) must chain to; required when one uses TLS. Never "trust anything": no CA, no connection
 * @param handshakeTimeoutSeconds a connection whose handshake has not finished by then is closed:
 *     a peer that opens connections and never finishes them holds a slot per connection
 */
public record TlsConfig(Optional<Path> certificate, Optional<Path> key, Optional<Path> ca,
        int handshakeTimeoutSeconds) {

    public static final int DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 5;
    static final int MAX_HANDSHAKE_TIMEOUT_SECONDS = 60;

    public TlsConfig {
        requireNonNull(certificate, "certificate");
        requireNonNull(key, "key");
        requireNonNull(ca, "ca");
        if (certificate.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("certificate and key: one without the other (expected: both or neither)");
        }
        if (handshakeTimeoutSeconds < 1 || handshakeTimeoutSeconds > MAX_HANDSHAKE_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("handshakeTimeoutSeconds: " + handshakeTimeoutSeconds
                    + " (expected: 1.." + MAX_HANDSHAKE_TIMEOUT_SECONDS + ")");
        }
    }

    /** A listener's TLS: its certificate and key, the default handshake deadline. */
    public static TlsConfig serving(Path certificate, Path key, int handshakeTimeoutSeconds) {
        return new TlsConfig(Optional.of(certificate), Optional.of(key), Optional.empty(), handshakeTimeoutSeconds);
    }
}

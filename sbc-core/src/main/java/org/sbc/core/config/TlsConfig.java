package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.sbc.core.tls.PemPair;

/**
 * A side's TLS ({@code outside.tls}, {@code inside.tls}). Paths are absolute here: the loader
 * resolves them against the config file's directory.
 *
 * @param certificate the PEM chain the side's {@code tls:} listeners present (and, as a client
 *     certificate, the connections the SBC opens from that side); required with a {@code tls:} listener
 * @param key its private key, PEM, readable by the SBC's user alone; given whenever certificate is
 * @param ca the PEM certificates that a TLS peer the SBC connects to from this side (the PBX, a
 *     trunk) must chain to; required when one uses TLS. Never "trust anything": no CA, no connection
 * @param sni more certificates for the listeners, each served to a client that asks (TLS SNI) for a
 *     name among its DNS names; the one above serves everyone else. Only with a certificate
 * @param handshakeTimeoutSeconds a connection whose handshake has not finished by then is closed:
 *     a peer that opens connections and never finishes them holds a slot per connection
 */
public record TlsConfig(Optional<Path> certificate, Optional<Path> key, Optional<Path> ca, List<PemPair> sni,
        int handshakeTimeoutSeconds) {

    public static final int DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 5;
    static final int MAX_HANDSHAKE_TIMEOUT_SECONDS = 60;

    public TlsConfig {
        requireNonNull(certificate, "certificate");
        requireNonNull(key, "key");
        requireNonNull(ca, "ca");
        sni = List.copyOf(sni);
        if (!sni.isEmpty() && certificate.isEmpty()) {
            throw new IllegalArgumentException("sni: certificates by name without a default one (expected: certificate too)");
        }
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
        return new TlsConfig(Optional.of(certificate), Optional.of(key), Optional.empty(), List.of(),
                handshakeTimeoutSeconds);
    }
}

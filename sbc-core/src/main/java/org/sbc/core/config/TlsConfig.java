package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A side's TLS ({@code outside.tls}, {@code inside.tls}): the PEM certificate chain and key its
 * {@code tls:} listeners present, and how long a handshake may take. Paths are absolute here:
 * the loader resolves them against the config file's directory.
 *
 * @param handshakeTimeoutSeconds a connection whose handshake has not finished by then is closed:
 *     a peer that opens connections and never finishes them holds a slot per connection
 */
public record TlsConfig(Path certificate, Path key, int handshakeTimeoutSeconds) {

    public static final int DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 5;
    static final int MAX_HANDSHAKE_TIMEOUT_SECONDS = 60;

    public TlsConfig {
        requireNonNull(certificate, "certificate");
        requireNonNull(key, "key");
        if (handshakeTimeoutSeconds < 1 || handshakeTimeoutSeconds > MAX_HANDSHAKE_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("handshakeTimeoutSeconds: " + handshakeTimeoutSeconds
                    + " (expected: 1.." + MAX_HANDSHAKE_TIMEOUT_SECONDS + ")");
        }
    }
}

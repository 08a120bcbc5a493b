package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a trunk is known by its TLS client certificate ({@code trunks[].tls}): a certificate that
 * chains to {@code clientCa}, or whose SHA-256 fingerprint is one of {@code fingerprints}. Either
 * or both; at least one (checked at load).
 *
 * @param fingerprints of the trunk's certificates
 */
public record TrunkTls(Optional<Path> clientCa, List<Fingerprint> fingerprints) {

    /**
     * A pinned certificate: SHA-256 of its DER form as openssl prints it, {@code AB:CD:...} (32
     * bytes, upper case), so that equal certificates give equal values.
     */
    public record Fingerprint(String text) {

        private static final java.util.regex.Pattern FORM =
                java.util.regex.Pattern.compile("[0-9A-F]{2}(:[0-9A-F]{2}){31}");

        public Fingerprint {
            requireNonNull(text, "text");
            if (!FORM.matcher(text).matches()) {
                throw new IllegalArgumentException("fingerprint: " + text + " (expected: AB:CD:... upper case, 32 bytes)");
            }
        }
    }

    public TrunkTls {
        requireNonNull(clientCa, "clientCa");
        fingerprints = List.copyOf(fingerprints);
    }
}

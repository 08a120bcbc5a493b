package org.sbc.media.srtp;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The outcome of {@link SdesCrypto#parse(String)}: the attribute when {@link SdesStatus#OK},
 * otherwise the reason it was refused.
 */
public record SdesParse(SdesStatus status, Optional<SdesCrypto> crypto) {

    public SdesParse {
        requireNonNull(status, "status");
        requireNonNull(crypto, "crypto");
        if ((status == SdesStatus.OK) != crypto.isPresent()) {
            throw new IllegalArgumentException("crypto: " + (crypto.isPresent() ? "present" : "empty")
                    + " (expected: present exactly when status is OK, status is " + status + ")");
        }
    }

    static SdesParse accepted(SdesCrypto crypto) {
        return new SdesParse(SdesStatus.OK, Optional.of(crypto));
    }

    static SdesParse refused(SdesStatus status) {
        return new SdesParse(status, Optional.empty());
    }

    public boolean isAccepted() {
        return status == SdesStatus.OK;
    }
}

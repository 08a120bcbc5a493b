package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A {@code rate_limit} action: at most {@code permits} requests per {@code period} for each key,
 * bursts up to {@code burst}; a request over it is rejected with {@code rejectCode}.
 *
 * @param key what one bucket counts
 * @param prefixDigits for {@link Key#DESTINATION_PREFIX}: how many leading characters of the
 *     dialled number (its E.164 form when it has one) make the key; 0 otherwise
 */
public record RateLimit(Key key, int prefixDigits, long permits, Duration period, long burst, int rejectCode) {

    /** What one bucket counts. A request without the key's value (no trunk, no user) is not limited. */
    public enum Key {
        /** The source address. */
        SOURCE,
        /** The authenticated user, else the From user. */
        USER,
        /** The trunk the source belongs to. */
        TRUNK,
        /** The first digits of the dialled number: limits calls to a destination range. */
        DESTINATION_PREFIX
    }

    public RateLimit {
        requireNonNull(key, "key");
        requireNonNull(period, "period");
        if (permits < 1 || burst < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("rate: " + permits + "/" + period + " burst " + burst
                    + " (expected: permits, burst and period > 0)");
        }
        if ((key == Key.DESTINATION_PREFIX) != (prefixDigits > 0)) {
            throw new IllegalArgumentException("prefixDigits: " + prefixDigits
                    + " (expected: > 0 exactly for destination_prefix)");
        }
    }

    @Override
    public String toString() {
        String keyText = key.name().toLowerCase(java.util.Locale.ROOT)
                + (key == Key.DESTINATION_PREFIX ? "(" + prefixDigits + ")" : "");
        return permits + " per " + period.toSeconds() + "s per " + keyText + ", burst " + burst;
    }
}

package org.sbc.policies;

import static java.util.Objects.requireNonNull;

/**
 * A call-admission limit ({@code admission:} in a policy file): at most {@code concurrent} calls
 * up and {@code perSecond} new calls a second for each value of {@code key}. A new call over it
 * is answered {@code rejectCode} (503 by default, so a caller tries elsewhere; 403 when it should
 * not). Enforced by the SBC's B2BUA when an INVITE opens a call; released when the call ends.
 *
 * @param concurrent 0 when not limited
 * @param perSecond 0 when not limited
 * @param prefixDigits for {@link RateLimit.Key#DESTINATION_PREFIX}: how many leading characters of
 *     the dialled number (its E.164 form when it has one) make the key; 0 otherwise
 */
public record Admission(String id, RateLimit.Key key, int prefixDigits, int concurrent, int perSecond, int rejectCode) {

    public Admission {
        requireNonNull(id, "id");
        requireNonNull(key, "key");
        if (concurrent < 0 || perSecond < 0 || concurrent + perSecond == 0) {
            throw new IllegalArgumentException("limits: " + concurrent + " concurrent, " + perSecond
                    + " per second (expected: at least one > 0)");
        }
        if (rejectCode != 503 && rejectCode != 403) {
            throw new IllegalArgumentException("rejectCode: " + rejectCode + " (expected: 503 or 403)");
        }
        if ((key == RateLimit.Key.DESTINATION_PREFIX) != (prefixDigits > 0)) {
            throw new IllegalArgumentException("prefixDigits: " + prefixDigits + " (expected: > 0 exactly for destination_prefix)");
        }
    }
}

package org.sbc.core.edge.flood;

import static java.util.Objects.requireNonNull;
import static org.sbc.core.config.yaml.Ranges.checkRange;

import org.sbc.policies.Mode;

/**
 * The {@code security.rate_limit:} section: token buckets per source address and method class,
 * for sustained rates below what the flood guard calls a flood.
 *
 * @param register REGISTER: holds a password guesser to its rate while an office re-registering
 *     after a power cut still gets through in the burst
 * @param invite INVITE: holds a toll-fraud dialler to its rate
 * @param other every other request (OPTIONS, SUBSCRIBE, MESSAGE, BYE, ...)
 * @param maxEntries most buckets; a bucket idle long enough to be full again is forgotten (a new
 *     one is the same), and when still full, new sources go unlimited (and counted) until it
 *     drains: the limiter fails open rather than drop sources it cannot track
 */
public record RateLimitConfig(Mode mode, Rate register, Rate invite, Rate other, int maxEntries) {

    /** A sustained rate and the burst above it that a bucket absorbs. */
    public record Rate(int perSecond, int burst) {
        public Rate {
            checkRange("per_second", perSecond, 1, 1_000_000);
            checkRange("burst", burst, 1, 10_000_000);
        }
    }

    /** Fewest buckets the table may be given. */
    public static final int MIN_ENTRIES = 16;

    public static final RateLimitConfig DEFAULT = new RateLimitConfig(
            Mode.ENFORCE, new Rate(10, 30), new Rate(10, 30), new Rate(100, 200), 100_000);

    public RateLimitConfig {
        requireNonNull(mode, "mode");
        requireNonNull(register, "register");
        requireNonNull(invite, "invite");
        requireNonNull(other, "other");
        checkRange("max_entries", maxEntries, MIN_ENTRIES, 10_000_000);
    }

    public RateLimitConfig withMaxEntries(int maxEntries) {
        return new RateLimitConfig(mode, register, invite, other, maxEntries);
    }
}

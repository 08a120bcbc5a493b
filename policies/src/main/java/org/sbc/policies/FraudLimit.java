package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Fraud limits ({@code fraud:} in a policy file) per user or per trunk: calls per minute and per
 * hour, concurrent calls, and minutes per day to international numbers and to high-cost
 * prefixes. Each has a warning level (an event only) and a blocking level (new calls of that user
 * or trunk are refused 403 until {@code sbc fraud reset} or until the window passes).
 *
 * @param key {@link RateLimit.Key#USER} or {@link RateLimit.Key#TRUNK}
 * @param highCostPrefixes E.164 prefixes whose minutes count as high-cost
 */
public record FraudLimit(String id, RateLimit.Key key, Level callsPerMinute, Level callsPerHour, Level concurrent,
        Level internationalMinutesPerDay, Level highCostMinutesPerDay, List<String> highCostPrefixes) {

    /** A warning and a blocking level; 0 leaves that level out. */
    public record Level(long warn, long block) {
        public static final Level NONE = new Level(0, 0);

        public Level {
            if (warn < 0 || block < 0 || (warn > 0 && block > 0 && warn >= block)) {
                throw new IllegalArgumentException("level: warn " + warn + ", block " + block
                        + " (expected: >= 0, warn below block)");
            }
        }

        public boolean isSet() {
            return warn > 0 || block > 0;
        }
    }

    public FraudLimit {
        requireNonNull(id, "id");
        requireNonNull(key, "key");
        requireNonNull(callsPerMinute, "callsPerMinute");
        requireNonNull(callsPerHour, "callsPerHour");
        requireNonNull(concurrent, "concurrent");
        requireNonNull(internationalMinutesPerDay, "internationalMinutesPerDay");
        requireNonNull(highCostMinutesPerDay, "highCostMinutesPerDay");
        highCostPrefixes = List.copyOf(highCostPrefixes);
        if (key != RateLimit.Key.USER && key != RateLimit.Key.TRUNK) {
            throw new IllegalArgumentException("key: " + key + " (expected: user or trunk)");
        }
    }
}

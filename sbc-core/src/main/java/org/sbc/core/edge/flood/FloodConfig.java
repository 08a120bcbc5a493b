package org.sbc.core.edge.flood;

import static java.util.Objects.requireNonNull;
import static org.sbc.core.config.yaml.Ranges.checkRange;

import org.sbc.policies.Mode;

/**
 * The {@code security.flood:} section: pike-style request density per source and per enclosing
 * prefix, counted before parsing. A threshold is crossed when more than that many requests
 * arrive within one sliding window of {@code samplingSeconds}; a prefix threshold of 0 turns
 * that rule off.
 *
 * @param samplingSeconds the window; 2 s like pike's {@code sampling_time_unit}
 * @param density per address. Pike's default is 30 per 2 s; ours is 200 per 2 s (100/s),
 *     because an outside address is often a NAT with a whole office of phones behind it, and
 *     a trunk or PBX sending more belongs in {@code security.trusted}. A flood runs at
 *     thousands per second, so it is still caught within milliseconds.
 * @param densityPer24 per IPv4 /24: catches a flood spread over a network, each address below
 *     {@code density}
 * @param densityPer16 per IPv4 /16
 * @param densityPer64 per IPv6 /64 (one customer site: an IPv6 host can change address at will)
 * @param densityPer48 per IPv6 /48
 * @param maxEntries most counters per table (addresses, and prefixes); idle counters expire
 *     after two windows; when a table is still full, new sources go uncounted (and counted as
 *     such) until it drains: the guard fails open rather than drop sources it cannot track
 * @param globalDensity all untrusted sources together, like pike's tree root: past it in one
 *     window the SBC reports a GLOBAL_FLOOD with the top prefixes and countries, and sheds new
 *     work from first-seen sources while it lasts; nothing is banned for it (0 = off)
 */
public record FloodConfig(
        Mode mode, int samplingSeconds, int density,
        int densityPer24, int densityPer16, int densityPer64, int densityPer48, int maxEntries, int globalDensity) {

    /** 10,000 messages a second: several times a busy edge's normal traffic (about seven messages per call). */
    public static final int DEFAULT_GLOBAL_DENSITY = 20_000;

    /** Fewest counters a table may be given. */
    public static final int MIN_ENTRIES = 16;

    public static final FloodConfig DEFAULT = new FloodConfig(Mode.ENFORCE, 2, 200, 1_000, 10_000, 1_000, 10_000, 100_000,
            DEFAULT_GLOBAL_DENSITY);

    /** With the default global density. */
    public FloodConfig(Mode mode, int samplingSeconds, int density, int densityPer24, int densityPer16,
            int densityPer64, int densityPer48, int maxEntries) {
        this(mode, samplingSeconds, density, densityPer24, densityPer16, densityPer64, densityPer48, maxEntries,
                Math.max(DEFAULT_GLOBAL_DENSITY, density));
    }

    public FloodConfig {
        requireNonNull(mode, "mode");
        checkRange("sampling_seconds", samplingSeconds, 1, 60);
        checkRange("density", density, 1, 1_000_000);
        checkPrefix("density_per_24", densityPer24, density);
        checkPrefix("density_per_16", densityPer16, density);
        checkPrefix("density_per_64", densityPer64, density);
        checkPrefix("density_per_48", densityPer48, density);
        checkRange("max_entries", maxEntries, MIN_ENTRIES, 10_000_000);
        if (globalDensity != 0) {
            checkRange("global_density", globalDensity, density, 1_000_000_000);
        }
    }

    /**
     * A prefix limit below the per-address one would ban a whole network for what one address
     * may send; 0 turns the rule off.
     */
    private static void checkPrefix(String key, int value, int density) {
        if (value != 0) {
            checkRange(key, value, density, 100_000_000);
        }
    }

    public FloodConfig withMaxEntries(int maxEntries) {
        return new FloodConfig(mode, samplingSeconds, density, densityPer24, densityPer16, densityPer64, densityPer48, maxEntries, globalDensity);
    }

    public FloodConfig withMode(Mode mode) {
        return new FloodConfig(mode, samplingSeconds, density, densityPer24, densityPer16, densityPer64, densityPer48,
                maxEntries, globalDensity);
    }
}

package org.sbc.core.edge.flood;

import java.util.ArrayList;
import java.util.List;

/**
 * One density threshold of the flood guard: per address, or per enclosing prefix of a given
 * length, with its own table of windows.
 *
 * @param key the config key that sets the threshold, named in evidence and events
 * @param length 32 or 128 for a single address, else the prefix length
 */
record FloodRule(String key, int length, int density, DensityTable table) {

    /** What the evidence says: {@code density_per_24 1000 per 2 s}. */
    String describe(int samplingSeconds) {
        return key + " " + density + " per " + samplingSeconds + " s";
    }

    /** The rules for IPv4 (index 0) and IPv6 (index 1); a prefix threshold of 0 has none. */
    static List<List<FloodRule>> of(FloodConfig config) {
        long window = config.samplingSeconds() * 1_000L;
        int max = config.maxEntries();
        DensityTable addresses = new DensityTable(window, max);
        List<FloodRule> ipv4 = new ArrayList<>();
        ipv4.add(new FloodRule("density", 32, config.density(), addresses));
        add(ipv4, "density_per_24", 24, config.densityPer24(), window, max);
        add(ipv4, "density_per_16", 16, config.densityPer16(), window, max);
        List<FloodRule> ipv6 = new ArrayList<>();
        ipv6.add(new FloodRule("density", 128, config.density(), addresses));
        add(ipv6, "density_per_64", 64, config.densityPer64(), window, max);
        add(ipv6, "density_per_48", 48, config.densityPer48(), window, max);
        return List.of(List.copyOf(ipv4), List.copyOf(ipv6));
    }

    private static void add(List<FloodRule> rules, String key, int length, int density, long window, int max) {
        if (density > 0) {
            rules.add(new FloodRule(key, length, density, new DensityTable(window, max)));
        }
    }
}

package org.sbc.core.config.yaml;

/** The range check the security records share; the message names the key as written in YAML. */
public final class Ranges {

    private Ranges() {}

    public static void checkRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }
}

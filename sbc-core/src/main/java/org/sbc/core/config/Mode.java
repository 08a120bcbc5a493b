package org.sbc.core.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How a blocking step acts: {@code enforce} blocks; {@code monitor} counts and reports what it
 * would have blocked and lets the message pass, so that a rule can be rolled out in shadow.
 */
public enum Mode {
    ENFORCE,
    MONITOR;

    /** The config and event word: {@code enforce}, {@code monitor}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean enforces() {
        return this == ENFORCE;
    }

    static Optional<Mode> ofWord(String word) {
        for (Mode mode : values()) {
            if (mode.word().equals(word)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}

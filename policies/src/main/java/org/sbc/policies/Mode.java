package org.sbc.policies;

import java.util.Locale;
import java.util.Optional;

/**
 * How a blocking step or a rule acts: {@code enforce} blocks; {@code monitor} counts and reports
 * what it would have done and lets the message pass, so that a rule can be rolled out in shadow.
 * The one mode type of the project: policy rules and every edge step of sbc-core use it.
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

    /** The mode a config word names; empty for any other word. */
    public static Optional<Mode> ofWord(String word) {
        for (Mode mode : values()) {
            if (mode.word().equals(word)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}

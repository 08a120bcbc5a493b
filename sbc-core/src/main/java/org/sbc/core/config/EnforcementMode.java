package org.sbc.core.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How a blocking step acts on what it decides. {@code monitor} counts, logs and emits what the
 * step would have done and lets the message pass: a new rule can be rolled out without risk.
 */
public enum EnforcementMode {
    ENFORCE,
    MONITOR;

    /** The word in the config and in security events. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EnforcementMode> parse(String text) {
        for (EnforcementMode mode : values()) {
            if (mode.token().equals(text)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}

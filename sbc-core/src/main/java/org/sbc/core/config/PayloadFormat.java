package org.sbc.core.config;

import java.util.Locale;
import java.util.Optional;

/** The MSG part of a syslog message: what a SIEM parses. */
public enum PayloadFormat {
    /** ArcSight Common Event Format, version 0. */
    CEF,
    /** One JSON object. */
    JSON;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PayloadFormat> parse(String text) {
        for (PayloadFormat format : values()) {
            if (format.word().equals(text)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}

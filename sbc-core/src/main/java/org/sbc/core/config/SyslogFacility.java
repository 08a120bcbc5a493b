package org.sbc.core.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The syslog facilities a security event may be sent with (RFC 5424 §6.2.1). Only the ones an
 * application may sensibly use are offered: kernel, mail, cron and the like are not ours.
 */
public enum SyslogFacility {
    USER(1),
    DAEMON(3),
    AUTH(4),
    AUTHPRIV(10),
    LOCAL0(16),
    LOCAL1(17),
    LOCAL2(18),
    LOCAL3(19),
    LOCAL4(20),
    LOCAL5(21),
    LOCAL6(22),
    LOCAL7(23);

    private final int code;

    SyslogFacility(int code) {
        this.code = code;
    }

    /** The numeric facility that goes into PRI. */
    public int code() {
        return code;
    }

    /** The config word: {@code authpriv}, {@code local0}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SyslogFacility> parse(String text) {
        for (SyslogFacility facility : values()) {
            if (facility.word().equals(text)) {
                return Optional.of(facility);
            }
        }
        return Optional.empty();
    }
}

package org.sbc.core.config;

import java.util.Locale;
import java.util.Optional;

/**
 * What an admin token may do. {@code read}: health, metrics, events, the ban list. {@code write}:
 * all of that, and whatever changes the running SBC (ban, unban, reload, resets).
 */
public enum AdminRole {
    READ,
    WRITE;

    /** Whether a token of this role may do what needs {@code needed}. */
    public boolean covers(AdminRole needed) {
        return this == WRITE || needed == READ;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<AdminRole> ofWord(String word) {
        for (AdminRole role : values()) {
            if (role.word().equals(word)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}

package org.sbc.core.config;

import java.util.List;

/**
 * Who may use the admin API. Without tokens it answers anyone who reaches it, which the loader
 * allows only on a loopback address; with tokens every endpoint but {@code /health} wants one.
 */
public record AdminAccess(List<AdminToken> tokens) {

    public static final AdminAccess OPEN = new AdminAccess(List.of());

    public AdminAccess {
        tokens = List.copyOf(tokens);
    }

    public boolean locked() {
        return !tokens.isEmpty();
    }
}

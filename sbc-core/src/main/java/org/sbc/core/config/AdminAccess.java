package org.sbc.core.config;

import java.util.List;
import java.util.Optional;

/**
 * Who may use the admin API, and over what. Without tokens it answers anyone who reaches it,
 * which the loader allows only on a loopback address; with tokens every endpoint but
 * {@code /health} wants one. With {@code tls} it speaks HTTPS only, so tokens and session
 * cookies never cross a network in clear.
 */
public record AdminAccess(List<AdminToken> tokens, Optional<TlsConfig> tls) {

    public static final AdminAccess OPEN = new AdminAccess(List.of(), Optional.empty());

    public AdminAccess {
        tokens = List.copyOf(tokens);
        java.util.Objects.requireNonNull(tls, "tls");
    }

    public AdminAccess(List<AdminToken> tokens) {
        this(tokens, Optional.empty());
    }

    public AdminAccess withTls(Optional<TlsConfig> tls) {
        return new AdminAccess(tokens, tls);
    }

    public boolean locked() {
        return !tokens.isEmpty();
    }
}

package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import org.sbc.feeds.CidrSet;

/**
 * The {@code security:} section.
 *
 * @param trusted networks that are never banned, flood-limited or challenged: the PBX, trunks,
 *     the operator's own hosts. Empty by default: trust is given, never assumed.
 * @param secfilter allow and deny lists, scanner signatures, injection checks
 * @param auth digest authentication by the SBC itself; off by default
 */
public record SecurityConfig(CidrSet trusted, SecFilterConfig secfilter, AuthConfig auth) {

    public static final SecurityConfig DEFAULT = new SecurityConfig(CidrSet.empty());

    public SecurityConfig {
        requireNonNull(trusted, "trusted");
        requireNonNull(secfilter, "secfilter");
        requireNonNull(auth, "auth");
    }

    /** Trusted networks with the default secfilter and auth sections. */
    public SecurityConfig(CidrSet trusted) {
        this(trusted, SecFilterConfig.DEFAULT, AuthConfig.DEFAULT);
    }

    public SecurityConfig withSecfilter(SecFilterConfig secfilter) {
        return new SecurityConfig(trusted, secfilter, auth);
    }

    public SecurityConfig withAuth(AuthConfig auth) {
        return new SecurityConfig(trusted, secfilter, auth);
    }
}

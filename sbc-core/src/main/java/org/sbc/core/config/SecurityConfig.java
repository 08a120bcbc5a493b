package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import org.sbc.feeds.CidrSet;

/**
 * The {@code security:} section.
 *
 * @param trusted networks that are never banned, flood-limited or challenged: the PBX, trunks,
 *     the operator's own hosts. Empty by default: trust is given, never assumed.
 * @param events where security events go: the application log by default, syslog if configured
 * @param secfilter allow and deny lists, scanner signatures, injection checks
 * @param auth digest authentication by the SBC itself; off by default
 */
public record SecurityConfig(CidrSet trusted, SecurityEventsConfig events, SecFilterConfig secfilter, AuthConfig auth) {

    public static final SecurityConfig DEFAULT = new SecurityConfig(CidrSet.empty());

    public SecurityConfig {
        requireNonNull(trusted, "trusted");
        requireNonNull(events, "events");
        requireNonNull(secfilter, "secfilter");
        requireNonNull(auth, "auth");
    }

    /** Trusted networks with the default events, secfilter and auth sections. */
    public SecurityConfig(CidrSet trusted) {
        this(trusted, SecurityEventsConfig.DEFAULT, SecFilterConfig.DEFAULT, AuthConfig.DEFAULT);
    }

    public SecurityConfig withEvents(SecurityEventsConfig events) {
        return new SecurityConfig(trusted, events, secfilter, auth);
    }

    public SecurityConfig withSecfilter(SecFilterConfig secfilter) {
        return new SecurityConfig(trusted, events, secfilter, auth);
    }

    public SecurityConfig withAuth(AuthConfig auth) {
        return new SecurityConfig(trusted, events, secfilter, auth);
    }
}

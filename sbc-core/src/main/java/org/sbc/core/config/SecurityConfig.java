package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import org.sbc.feeds.CidrSet;

/**
 * The {@code security:} section.
 *
 * @param trusted networks that are never banned, flood-limited or challenged: the PBX, trunks,
 *     the operator's own hosts. Empty by default: trust is given, never assumed.
 * @param events where security events go: the application log by default, syslog if configured
 */
public record SecurityConfig(CidrSet trusted, SecurityEventsConfig events) {

    public static final SecurityConfig DEFAULT = new SecurityConfig(CidrSet.empty(), SecurityEventsConfig.DEFAULT);

    public SecurityConfig {
        requireNonNull(trusted, "trusted");
        requireNonNull(events, "events");
    }

    /** Trusted networks with the default event sinks. */
    public SecurityConfig(CidrSet trusted) {
        this(trusted, SecurityEventsConfig.DEFAULT);
    }

    public SecurityConfig withEvents(SecurityEventsConfig events) {
        return new SecurityConfig(trusted, events);
    }
}

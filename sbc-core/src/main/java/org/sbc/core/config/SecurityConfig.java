package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import org.sbc.feeds.CidrSet;

/**
 * The {@code security:} section.
 *
 * @param trusted networks that are never banned, flood-limited or challenged: the PBX, trunks,
 *     the operator's own hosts. Empty by default: trust is given, never assumed.
 */
public record SecurityConfig(CidrSet trusted) {

    public static final SecurityConfig DEFAULT = new SecurityConfig(CidrSet.empty());

    public SecurityConfig {
        requireNonNull(trusted, "trusted");
    }
}

package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import org.sbc.feeds.CidrSet;

/**
 * The {@code security:} section.
 *
 * @param trusted networks that are never banned, flood-limited or challenged: the PBX, trunks,
 *     the operator's own hosts. Empty by default: trust is given, never assumed.
 * @param allow manual allows: never banned, flood-guarded or rate-limited, but still parsed and
 *     sanity-checked (and, later, challenged). For a partner whose traffic is bursty but who is
 *     not inside the trust boundary.
 * @param ban the ban table
 * @param flood the flood guard
 * @param rateLimit the per-source token buckets
 */
public record SecurityConfig(CidrSet trusted, CidrSet allow, BanConfig ban, FloodConfig flood, RateLimitConfig rateLimit) {

    public static final SecurityConfig DEFAULT = new SecurityConfig(
            CidrSet.empty(), CidrSet.empty(), BanConfig.DEFAULT, FloodConfig.DEFAULT, RateLimitConfig.DEFAULT);

    public SecurityConfig {
        requireNonNull(trusted, "trusted");
        requireNonNull(allow, "allow");
        requireNonNull(ban, "ban");
        requireNonNull(flood, "flood");
        requireNonNull(rateLimit, "rateLimit");
    }

    public SecurityConfig withTrusted(CidrSet trusted) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit);
    }

    public SecurityConfig withAllow(CidrSet allow) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit);
    }

    public SecurityConfig withBan(BanConfig ban) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit);
    }

    public SecurityConfig withFlood(FloodConfig flood) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit);
    }

    public SecurityConfig withRateLimit(RateLimitConfig rateLimit) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit);
    }
}

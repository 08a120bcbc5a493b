package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import org.sbc.core.edge.auth.AuthConfig;
import org.sbc.core.edge.ban.BanConfig;
import org.sbc.core.edge.ban.BanStoreConfig;
import org.sbc.core.edge.flood.FloodConfig;
import org.sbc.core.edge.flood.RateLimitConfig;
import org.sbc.core.edge.reputation.FeedsConfig;
import org.sbc.core.edge.reputation.GeoIpConfig;
import org.sbc.core.edge.secfilter.SecFilterConfig;
import org.sbc.feeds.CidrSet;

/**
 * The {@code security:} section.
 *
 * @param trusted networks that are never banned, flood-limited or challenged: the PBX, trunks,
 *     the operator's own hosts. Empty by default: trust is given, never assumed.
 * @param allow manual allows: never banned, flood-guarded or rate-limited, but still parsed and
 *     sanity-checked (and challenged). For a partner whose traffic is bursty but who is not
 *     inside the trust boundary.
 * @param ban the ban table
 * @param flood the flood guard
 * @param rateLimit the per-source token buckets
 * @param events where security events go: the application log by default, syslog if configured
 * @param secfilter allow and deny lists, scanner signatures, injection checks
 * @param auth digest authentication by the SBC itself; off by default
 * @param feeds threat feeds: lists of addresses that the reputation gate drops, rejects, bans
 *     or labels; none by default
 * @param geoip country and AS labels for every source, and the country shortcut; off by default
 * @param banStore where bans are shared: this node's memory, or Redis for a cluster
 */
public record SecurityConfig(
        CidrSet trusted,
        CidrSet allow,
        BanConfig ban,
        FloodConfig flood,
        RateLimitConfig rateLimit,
        SecurityEventsConfig events,
        SecFilterConfig secfilter,
        AuthConfig auth,
        FeedsConfig feeds,
        GeoIpConfig geoip,
        BanStoreConfig banStore) {

    public static final SecurityConfig DEFAULT = new SecurityConfig(CidrSet.empty());

    public SecurityConfig {
        requireNonNull(trusted, "trusted");
        requireNonNull(allow, "allow");
        requireNonNull(ban, "ban");
        requireNonNull(flood, "flood");
        requireNonNull(rateLimit, "rateLimit");
        requireNonNull(events, "events");
        requireNonNull(secfilter, "secfilter");
        requireNonNull(auth, "auth");
        requireNonNull(feeds, "feeds");
        requireNonNull(geoip, "geoip");
        requireNonNull(banStore, "banStore");
    }

    /** Trusted networks, every other section at its defaults. */
    public SecurityConfig(CidrSet trusted) {
        this(trusted, CidrSet.empty(), BanConfig.DEFAULT, FloodConfig.DEFAULT, RateLimitConfig.DEFAULT,
                SecurityEventsConfig.DEFAULT, SecFilterConfig.DEFAULT, AuthConfig.DEFAULT,
                FeedsConfig.DEFAULT, GeoIpConfig.DEFAULT, BanStoreConfig.DEFAULT);
    }

    public SecurityConfig withTrusted(CidrSet trusted) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit, events, secfilter, auth, feeds, geoip, banStore);
    }

    public SecurityConfig withAllow(CidrSet allow) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit, events, secfilter, auth, feeds, geoip, banStore);
    }

    public SecurityConfig withBan(BanConfig ban) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit, events, secfilter, auth, feeds, geoip, banStore);
    }

    public SecurityConfig withFlood(FloodConfig flood) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit, events, secfilter, auth, feeds, geoip, banStore);
    }

    public SecurityConfig withRateLimit(RateLimitConfig rateLimit) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit, events, secfilter, auth, feeds, geoip, banStore);
    }

    public SecurityConfig withEvents(SecurityEventsConfig events) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit, events, secfilter, auth, feeds, geoip, banStore);
    }

    public SecurityConfig withSecfilter(SecFilterConfig secfilter) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit, events, secfilter, auth, feeds, geoip, banStore);
    }

    public SecurityConfig withAuth(AuthConfig auth) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit, events, secfilter, auth, feeds, geoip, banStore);
    }

    public SecurityConfig withFeeds(FeedsConfig feeds) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit, events, secfilter, auth, feeds, geoip, banStore);
    }

    public SecurityConfig withGeoip(GeoIpConfig geoip) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit, events, secfilter, auth, feeds, geoip, banStore);
    }

    public SecurityConfig withBanStore(BanStoreConfig banStore) {
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit, events, secfilter, auth, feeds, geoip, banStore);
    }
}

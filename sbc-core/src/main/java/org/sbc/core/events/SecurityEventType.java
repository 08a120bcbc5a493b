package org.sbc.core.events;

/** What kind of security decision an event reports. */
public enum SecurityEventType {
    BAN,
    UNBAN,
    BLOCK,
    AUTH_FAILURE,
    SCANNER,
    FLOOD,
    /** All untrusted sources together over the global density: a distributed flood, with its top prefixes and countries. */
    GLOBAL_FLOOD,
    POLICY_DENY,
    /** A call ended because no media flowed either way for {@code media.timeout_seconds}. */
    MEDIA_TIMEOUT,
    /** A call's media ports refused many packets from sources its legs do not accept (RTP bleed). */
    RTP_BLEED,
    /** A call's media ports received many datagrams that are not RTP/RTCP. */
    MEDIA_MALFORMED,
    /** A call's SRTP leg received many packets that did not authenticate or were replays. */
    SRTP_FAILURE,
    /** An admin API request that changes the SBC (ban, unban, reload, reset), naming its token's label. */
    ADMIN_WRITE,
    /** An admin API request refused: no token, an unknown one, or a read token asking to write. */
    ADMIN_AUTH_FAILURE,
    /** A threat feed was loaded, refreshed, refused, failed or expired: the counts of its list. */
    FEED_REFRESH,
    /** A feed lists a trusted or allowed source; reported once per source and feed. */
    FEED_EXEMPT,
    /** The shared ban store (Redis) became unreachable, or reachable again. */
    BAN_STORE,
    /** The security policy was reloaded, or a reload was refused and the policy in force stays. */
    POLICY_RELOAD,
    /** A user or trunk reached a fraud limit's warning level: nothing refused yet. */
    FRAUD_WARNING,
    /** A user or trunk reached a fraud limit's blocking level: its new calls are refused. */
    FRAUD_BLOCK,
    /** An operator reset a user's or trunk's fraud counts ({@code sbc fraud reset}), lifting its blocks. */
    FRAUD_RESET
}

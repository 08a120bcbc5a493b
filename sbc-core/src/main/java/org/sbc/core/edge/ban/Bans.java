package org.sbc.core.edge.ban;

import java.net.InetAddress;
import org.sbc.feeds.IpPrefix;

/**
 * The one place every step bans through (the ban table implements it). Steps that detect abuse
 * (flood guard, secfilter, digest auth, policies) call {@link #ban}; the ban gate asks
 * {@link #isBanned} for every datagram and new connection.
 */
public interface Bans {

    /** What became of a ban request. */
    enum Outcome {
        /** A new ban, or an existing one extended. */
        BANNED,
        /** The target is in a trusted network or a manual allow: never banned. */
        EXEMPT,
        /** The step runs in monitor mode: the ban was only reported. */
        MONITORED
    }

    /**
     * Bans {@code target} for the configured duration, escalated for repeat offenders, and
     * emits a BAN event.
     */
    Outcome ban(IpPrefix target, BanReason reason, Evidence evidence);

    /**
     * Bans {@code target} for exactly {@code length} (a policy rule's {@code ban: SECONDS}); a
     * table that cannot honour a length bans for its configured duration.
     */
    default Outcome ban(IpPrefix target, java.time.Duration length, BanReason reason, Evidence evidence) {
        return ban(target, reason, evidence);
    }

    boolean isBanned(InetAddress address);
}

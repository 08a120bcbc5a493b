package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.sbc.feeds.IpPrefix;

/**
 * One ban as the admin API, the CLI and the state file see it.
 *
 * @param created when the ban began
 * @param offences 1 for a first ban; n for the n-th within the escalation history
 * @param hits datagrams and connections the gate refused because of this ban
 * @param lastHit when the gate last refused one
 * @param note the operator's note on a manual ban; never attacker text
 */
public record Ban(
        IpPrefix target, BanReason reason, Evidence evidence, Optional<String> note,
        Instant created, Instant expires, int offences, long hits, Optional<Instant> lastHit) {

    public Ban {
        requireNonNull(target, "target");
        requireNonNull(reason, "reason");
        requireNonNull(evidence, "evidence");
        requireNonNull(note, "note");
        requireNonNull(created, "created");
        requireNonNull(expires, "expires");
        requireNonNull(lastHit, "lastHit");
    }

    /** When the behaviour that earned the ban was first seen. */
    public Instant firstSeen() {
        return evidence.firstSeen();
    }

    /** The latest sign of the source: the evidence's end, or a refused datagram since. */
    public Instant lastSeen() {
        return lastHit.filter(hit -> hit.isAfter(evidence.lastSeen())).orElse(evidence.lastSeen());
    }
}

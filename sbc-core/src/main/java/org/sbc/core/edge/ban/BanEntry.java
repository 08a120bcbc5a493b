package org.sbc.core.edge.ban;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.sbc.feeds.IpPrefix;

/**
 * A live ban in the table. Everything but the hit count and the last hit is fixed at creation:
 * extending a ban replaces the entry, so that the expiry order in the table never goes stale.
 */
final class BanEntry {

    final IpPrefix target;
    final BanReason reason;
    final Evidence evidence;
    final Optional<String> note;
    final long createdMillis;
    final long expiresMillis;
    final int offences;
    /** Tie-breaker in the expiry order. */
    final long sequence;
    private final LongAdder hits = new LongAdder();
    private volatile long lastHitMillis;

    BanEntry(IpPrefix target, BanReason reason, Evidence evidence, Optional<String> note,
            long createdMillis, long expiresMillis, int offences, long sequence, long hits, long lastHitMillis) {
        this.target = target;
        this.reason = reason;
        this.evidence = evidence;
        this.note = note;
        this.createdMillis = createdMillis;
        this.expiresMillis = expiresMillis;
        this.offences = offences;
        this.sequence = sequence;
        this.hits.add(hits);
        this.lastHitMillis = lastHitMillis;
    }

    boolean isActive(long nowMillis) {
        return nowMillis < expiresMillis;
    }

    /** Called per refused datagram: a LongAdder and a plain volatile write, no lock. */
    void hit(long nowMillis) {
        hits.increment();
        lastHitMillis = nowMillis;
    }

    Ban toBan() {
        long lastHit = lastHitMillis;
        return new Ban(target, reason, evidence, note, Instant.ofEpochMilli(createdMillis),
                Instant.ofEpochMilli(expiresMillis), offences, hits.sum(),
                lastHit == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastHit)));
    }
}

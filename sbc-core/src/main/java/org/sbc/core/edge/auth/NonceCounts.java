package org.sbc.core.edge.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replay protection (RFC 7616 §3.3, nonce-count): per nonce, the highest nonce-count accepted,
 * so a captured request cannot be sent again. Bounded: entries whose nonce has expired are
 * dropped (an expired nonce is stale anyway); if the table is still full, the oldest entry goes,
 * and from then on every nonce issued at or before the newest evicted one is refused as if it
 * were unknown, so eviction never reopens a replay. A request sent again unchanged (same Via
 * branch and CSeq, a UDP retransmission) is not a replay.
 */
final class NonceCounts {

    enum Outcome {
        /** The count is higher than any seen for this nonce: accept. */
        FRESH,
        /** The same request again (retransmission): accept, nothing changes. */
        RETRANSMISSION,
        /** The count was already used by another request: refuse. */
        REPLAY,
        /** The nonce may have been evicted: refuse it as stale, the client gets a new one. */
        FORGOTTEN
    }

    private static final class Entry {
        final long issuedAt;
        long highest;
        String transaction;

        Entry(long issuedAt, long highest, String transaction) {
            this.issuedAt = issuedAt;
            this.highest = highest;
            this.transaction = transaction;
        }
    }

    private final int maxEntries;
    private final long lifetimeSeconds;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private long evictedUpTo = Long.MIN_VALUE;

    NonceCounts(int maxEntries, long lifetimeSeconds) {
        this.maxEntries = maxEntries;
        this.lifetimeSeconds = lifetimeSeconds;
    }

    /**
     * @param issuedAt the nonce's verified timestamp
     * @param transaction what identifies a retransmission: Via branch and CSeq
     */
    synchronized Outcome advance(String nonce, long issuedAt, long nonceCount, String transaction, long nowSeconds) {
        Entry entry = entries.get(nonce);
        if (entry == null) {
            if (issuedAt <= evictedUpTo) {
                return Outcome.FORGOTTEN;
            }
            makeRoom(nowSeconds);
            entries.put(nonce, new Entry(issuedAt, nonceCount, transaction));
            return Outcome.FRESH;
        }
        if (nonceCount > entry.highest) {
            entry.highest = nonceCount;
            entry.transaction = transaction;
            return Outcome.FRESH;
        }
        return nonceCount == entry.highest && transaction.equals(entry.transaction)
                ? Outcome.RETRANSMISSION : Outcome.REPLAY;
    }

    private void makeRoom(long nowSeconds) {
        if (entries.size() < maxEntries) {
            return;
        }
        entries.values().removeIf(e -> nowSeconds - e.issuedAt > lifetimeSeconds);
        // Evict a sixteenth at once, so a full table costs one sweep per many inserts, not one each.
        int target = maxEntries - Math.max(1, maxEntries / 16);
        Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
        while (entries.size() > target && oldest.hasNext()) {
            evictedUpTo = Math.max(evictedUpTo, oldest.next().getValue().issuedAt);
            oldest.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}

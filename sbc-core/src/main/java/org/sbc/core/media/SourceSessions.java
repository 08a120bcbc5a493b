package org.sbc.core.media;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open media sessions per outside signalling source ({@code media.max_sessions_per_source}): one
 * caller may not take the whole port range and session limit from everyone else. A source has an
 * entry only while it holds at least one session, so the table never holds more entries than the
 * relay holds sessions ({@code media.max_sessions}). Thread-safe: calls open on every SIP shard,
 * and sessions close on the shards or, with the relay, on the closing thread.
 */
final class SourceSessions {

    private final int maxPerSource;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    SourceSessions(int maxPerSource) {
        if (maxPerSource < 1) {
            throw new IllegalArgumentException("maxPerSource: " + maxPerSource + " (expected: >= 1)");
        }
        this.maxPerSource = maxPerSource;
    }

    /** Takes one of {@code source}'s sessions; false (and nothing taken) when it holds its maximum. */
    boolean admit(InetAddress source) {
        boolean[] admitted = {false};
        open.compute(source, (k, n) -> {
            int held = n == null ? 0 : n;
            admitted[0] = held < maxPerSource;
            return admitted[0] ? held + 1 : n;
        });
        return admitted[0];
    }

    /** Gives one of {@code source}'s sessions back; the entry goes with its last session. */
    void release(InetAddress source) {
        open.computeIfPresent(source, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** Sessions {@code source} holds now. */
    int held(InetAddress source) {
        return open.getOrDefault(source, 0);
    }

    /** Sources holding at least one session: the table's size. */
    int sources() {
        return open.size();
    }
}

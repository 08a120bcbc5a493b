package org.sbc.core.b2bua.transaction;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.InboundBacklog;

/**
 * One loop's retransmissions that fell due while our own UDP sockets still held unread datagrams
 * ({@link InboundBacklog}): the answer each waits for may be among them. They wait in the order
 * they fell due, and one timer a loop looks every {@value #RECHECK_MILLIS} ms: a retransmission
 * goes once everything our sockets held when it fell due has been read (it then checks whether
 * it is still needed), or after 2 × T1 at most. The limit is for a socket that stays behind: one
 * that overflows loses answers, and only a retransmission brings them back. A full receive
 * buffer is read in well under a second at the rates measured; held 8 × T1, a BYE's
 * retransmission reached the PBX (sipp) after it had ended the call, and the call failed
 * (docs/benchmarks.md). Timers B, F and H still end a transaction that waits.
 *
 * <p>Released from the head only: what was held earlier is read earlier and reaches the limit
 * first, so when the head must wait, so must the rest. Bounded by the transactions and calls of
 * the loop: each holds at most one retransmission at a time, for at most 2 × T1.
 */
final class HeldRetransmissions {

    /** How often held retransmissions are looked at: a fraction of T1, on a lane of its own. */
    static final long RECHECK_MILLIS = 20;

    private record Held(long sinceNanos, Runnable retransmission) {}

    private final InboundBacklog backlog;
    private final TimerLanes lanes;
    private final Counters counters;
    private final long maxHoldNanos;
    /** Non-empty exactly while a look is scheduled: holds come from other timers, never from a look. */
    private final ArrayDeque<Held> queue = new ArrayDeque<>();

    HeldRetransmissions(InboundBacklog backlog, TimerLanes lanes, Counters counters, long t1Millis) {
        this.backlog = backlog;
        this.lanes = lanes;
        this.counters = counters;
        this.maxHoldNanos = TimeUnit.MILLISECONDS.toNanos(2 * t1Millis);
    }

    /**
     * @param retransmission what sends it, run once when released (it must not ask again)
     * @return false: nothing waits unread, send now; true: held, {@code retransmission} runs later
     */
    boolean hold(Runnable retransmission) {
        long now = backlog.nanoTime();
        if (backlog.readSince(now)) {
            return false;
        }
        if (queue.isEmpty()) {
            lanes.schedule(this::release, RECHECK_MILLIS);
        }
        queue.add(new Held(now, retransmission));
        counters.increment(Counter.RETRANSMISSIONS_HELD);
        return true;
    }

    private void release() {
        long now = backlog.nanoTime();
        Held head;
        while ((head = queue.peek()) != null
                && (backlog.readSince(head.sinceNanos()) || now - head.sinceNanos() >= maxHoldNanos)) {
            queue.poll();
            head.retransmission().run();
        }
        if (!queue.isEmpty()) {
            lanes.schedule(this::release, RECHECK_MILLIS);
        }
    }

    /** Held now: for tests. */
    int size() {
        return queue.size();
    }
}

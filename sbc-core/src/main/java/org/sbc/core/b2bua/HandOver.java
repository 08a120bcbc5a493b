package org.sbc.core.b2bua;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the messages on their way to one shard's loop from another thread (TCP and TLS
 * connections, REGISTERs, and UDP frames the pre-parse hand-over could not place).
 *
 * <p>Netty's task queue takes whatever it is given, so without this a burst that outruns the
 * shard grows the heap. New work gives way first: once {@value #NEW_WORK_LIMIT} messages wait,
 * requests that would open a transaction of their own outside any dialog are dropped (their
 * sender retransmits over UDP, or its timer B/F answers for it), while responses and in-dialog
 * requests, which keep calls already set up alive, still go until {@value #LIMIT} wait.
 */
final class HandOver {

    static final int NEW_WORK_LIMIT = 8_192;
    static final int LIMIT = 16_384;

    private final AtomicInteger waiting = new AtomicInteger();

    /** Whether one more message may wait; when true, {@link #arrived()} must follow on the loop. */
    boolean admit(boolean newWork) {
        int now = waiting.incrementAndGet();
        if (now > (newWork ? NEW_WORK_LIMIT : LIMIT)) {
            waiting.decrementAndGet();
            return false;
        }
        return true;
    }

    /** One admitted message has reached the loop. */
    void arrived() {
        waiting.decrementAndGet();
    }
}

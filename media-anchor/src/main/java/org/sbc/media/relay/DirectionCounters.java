package org.sbc.media.relay;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters of one direction of one stream. Written only by the session's I/O thread (one
 * writer: a plain read and an opaque write, no lock, no fence), read from any thread with
 * opaque reads: each value is never torn and always eventually current, while a snapshot of
 * several values is not atomic.
 */
final class DirectionCounters {

    /** RTP packets relayed. */
    static final int PACKETS = 0;
    /** Octets of relayed RTP packets (UDP payload). */
    static final int BYTES = 1;
    /** RTCP packets relayed. */
    static final int RTCP_PACKETS = 2;
    /** Valid packets from a source this leg does not accept (RTP bleed, STRICT mismatch). */
    static final int DROPPED = 3;
    /** Not RTP/RTCP version 2, or too short. */
    static final int MALFORMED = 4;
    /** Accepted, but no destination (no SDP and no latch, on hold) or the socket's queue full. */
    static final int UNROUTABLE = 5;
    /** A new source proved it continues the latched stream and took the latch. */
    static final int RELATCHED = 6;
    /** RFC 3550 A.3 cumulative lost, over every SSRC seen. */
    static final int LOST = 7;
    /** RFC 3550 A.8 interarrival jitter of the current SSRC, in RTP timestamp units. */
    static final int JITTER = 8;
    /** Failed SRTP/SRTCP: unprotecting what arrived, or protecting what leaves (any status but OK). */
    static final int SRTP_FAILED = 9;
    private static final int COUNT = 10;

    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] cells = new long[COUNT];

    void add(int counter, long delta) {
        CELLS.setOpaque(cells, counter, cells[counter] + delta);
    }

    void increment(int counter) {
        add(counter, 1);
    }

    void set(int counter, long value) {
        CELLS.setOpaque(cells, counter, value);
    }

    long get(int counter) {
        return (long) CELLS.getOpaque(cells, counter);
    }

    StreamStats.Direction snapshot() {
        return new StreamStats.Direction(get(PACKETS), get(BYTES), get(RTCP_PACKETS), get(DROPPED), get(MALFORMED),
                get(UNROUTABLE), get(RELATCHED), get(LOST), get(JITTER),
                get(SRTP_FAILED));
    }
}

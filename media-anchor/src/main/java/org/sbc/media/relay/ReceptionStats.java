package org.sbc.media.relay;

/**
 * RFC 3550 reception statistics of the RTP that one leg's peer sends: sequence tracking
 * (Appendix A.1, without the probation: latching already decides whom to believe), cumulative
 * loss (A.3) and interarrival jitter (A.8). When the SSRC changes (a PBX switching its media
 * source, a new phone after a re-INVITE) the tracking restarts and the loss so far is kept.
 * Used only by the session's I/O thread.
 */
final class ReceptionStats {

    /** RFC 3550 A.1 MAX_DROPOUT: a forward jump up to this is packets lost. */
    static final int MAX_DROPOUT = 3000;
    /** RFC 3550 A.1 MAX_MISORDER: a backward step up to this is reordering. */
    static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = 1 << 16;

    private boolean started;
    private int ssrc;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private long received;
    private long lostBefore;
    private boolean haveTransit;
    private int lastTransit;
    private long jitterTimes16;

    /** Records one accepted RTP packet; {@code arrival} is the arrival time in RTP timestamp units. */
    void record(int packetSsrc, int seq, int timestamp, int arrival, DirectionCounters counters) {
        if (!started || packetSsrc != ssrc) {
            if (started) {
                lostBefore += lostOfCurrent();
            }
            started = true;
            ssrc = packetSsrc;
            restart(seq);
            haveTransit = false;
            jitterTimes16 = 0;
        } else if (!updateSeq(seq)) {
            counters.set(DirectionCounters.LOST, lostBefore + lostOfCurrent());
            return;
        }
        received++;
        int transit = arrival - timestamp;
        if (haveTransit) {
            int d = Math.abs(transit - lastTransit);
            jitterTimes16 += d - ((jitterTimes16 + 8) >> 4);
        }
        lastTransit = transit;
        haveTransit = true;
        counters.set(DirectionCounters.LOST, lostBefore + lostOfCurrent());
        counters.set(DirectionCounters.JITTER, jitterTimes16 >> 4);
    }

    /**
     * Whether a packet from an unknown source continues the stream being tracked: same SSRC and a
     * sequence number 1..{@code window} ahead of the highest seen.
     */
    boolean continues(int packetSsrc, int seq, int window) {
        if (!started || packetSsrc != ssrc) {
            return false;
        }
        int ahead = (seq - maxSeq) & 0xffff;
        return ahead >= 1 && ahead <= window;
    }

    boolean started() {
        return started;
    }

    int ssrc() {
        return ssrc;
    }

    private void restart(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1;
        cycles = 0;
        received = 0;
    }

    /** RFC 3550 A.1 update_seq; false when the packet is not counted (a jump to confirm). */
    private boolean updateSeq(int seq) {
        int delta = (seq - maxSeq) & 0xffff;
        if (delta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
        } else if (delta <= SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                lostBefore += lostOfCurrent();
                restart(seq);
            } else {
                badSeq = (seq + 1) & 0xffff;
                return false;
            }
        }
        return true;
    }

    private long lostOfCurrent() {
        long expected = cycles + maxSeq - baseSeq + 1;
        return expected - received;
    }
}

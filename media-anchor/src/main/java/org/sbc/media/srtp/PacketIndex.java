package org.sbc.media.srtp;

/**
 * The receiver's estimate of the 48-bit SRTP packet index i = 2^16 * ROC + SEQ from the 16-bit
 * sequence number, RFC 3711 §3.3.1 and the pseudocode of Appendix A. The sender uses it too, so
 * that a relay that forwards reordered packets still gives each its true index.
 */
final class PacketIndex {

    private static final int HALF = 32768;

    private PacketIndex() {
    }

    /**
     * The index of a packet with sequence number {@code seq}, given the highest index seen so far
     * ({@code highest} = 2^16 * ROC + s_l, or -1 before the first packet, when ROC is 0 and s_l
     * becomes SEQ). v is chosen from {ROC-1, ROC, ROC+1}; with ROC at 0, ROC-1 gives a negative
     * index, a packet from before the stream began, which the caller refuses as a replay rather than
     * wrapping it to 2^32-1 as "mod 2^32" would. An index of 2^48 or more means ROC wrapped: the
     * key is spent.
     */
    static long estimate(long highest, int seq) {
        if (highest < 0) {
            return seq;
        }
        long roc = highest >>> 16;
        int sl = (int) (highest & 0xffff);
        long v;
        if (sl < HALF) {
            v = seq - sl > HALF ? roc - 1 : roc;
        } else {
            v = sl - HALF > seq ? roc + 1 : roc;
        }
        return v * 65536 + seq;
    }
}

package org.sbc.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 3711 §3.3.1 and Appendix A, case by case. */
class PacketIndexTest {

    private static long index(long roc, int seq) {
        return roc * 65536 + seq;
    }

    @Test
    void theFirstPacketHasRolloverCounterZero() {
        assertEquals(65000, PacketIndex.estimate(-1, 65000));
    }

    @Test
    void keepsTheRolloverCounterForNearbySequenceNumbers() {
        assertEquals(index(3, 1010), PacketIndex.estimate(index(3, 1000), 1010));
        assertEquals(index(3, 990), PacketIndex.estimate(index(3, 1000), 990));
        assertEquals(index(3, 40000), PacketIndex.estimate(index(3, 40010), 40000));
    }

    @Test
    void movesToTheNextRolloverCounterAcrossTheWrap() {
        // s_l >= 32768 and s_l - 32768 > SEQ: v = ROC + 1.
        assertEquals(index(4, 5), PacketIndex.estimate(index(3, 65530), 5));
    }

    @Test
    void givesALatePacketFromBeforeTheWrapThePreviousRolloverCounter() {
        // s_l < 32768 and SEQ - s_l > 32768: v = ROC - 1.
        assertEquals(index(3, 65530), PacketIndex.estimate(index(4, 5), 65530));
    }

    @Test
    void aPacketFromBeforeTheStreamBeganHasANegativeIndex() {
        assertTrue(PacketIndex.estimate(index(0, 5), 65530) < 0);
    }

    @Test
    void aRolloverCounterThatWouldWrapGivesAnIndexPastTheKeysLimit() {
        long last = index(0xffffffffL, 65530);
        assertTrue(PacketIndex.estimate(last, 5) >= SrtpSuite.MAX_SRTP_PACKETS);
    }
}

package org.sbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReceptionStatsTest {

    private final ReceptionStats stats = new ReceptionStats();
    private final DirectionCounters counters = new DirectionCounters();

    private void packet(int ssrc, int seq, int timestamp, int arrival) {
        stats.record(ssrc, seq, timestamp, arrival, counters);
    }

    @Test
    void countsLossAcrossTheSequenceWrap() {
        for (int seq = 65_530; seq < 65_536 + 10; seq++) {
            if (seq != 65_535 && seq != 65_537) {
                packet(1, seq & 0xffff, seq * 160, seq * 160);
            }
        }
        assertEquals(2, counters.get(DirectionCounters.LOST));
    }

    @Test
    void keepsTheLossOfAnEarlierSsrc() {
        packet(1, 10, 0, 0);
        packet(1, 15, 800, 800);
        packet(2, 500, 0, 1000);
        packet(2, 502, 320, 1320);
        assertEquals(5, counters.get(DirectionCounters.LOST));
    }

    @Test
    void jitterIsZeroForPerfectPacingAndGrowsWithVariation() {
        for (int i = 0; i < 50; i++) {
            packet(1, i, i * 160, 1000 + i * 160);
        }
        assertEquals(0, counters.get(DirectionCounters.JITTER));
        for (int i = 50; i < 100; i++) {
            packet(1, i, i * 160, 1000 + i * 160 + (i % 2 == 0 ? 80 : 0));
        }
        long jitter = counters.get(DirectionCounters.JITTER);
        assertTrue(jitter > 40 && jitter <= 80, "jitter " + jitter);
    }

    @Test
    void aContinuationIsTheSameSsrcSlightlyAhead() {
        packet(7, 100, 0, 0);
        assertTrue(stats.continues(7, 101, SourceLatch.RELATCH_SEQ_WINDOW));
        assertTrue(stats.continues(7, 164, SourceLatch.RELATCH_SEQ_WINDOW));
        assertFalse(stats.continues(7, 165, SourceLatch.RELATCH_SEQ_WINDOW));
        assertFalse(stats.continues(7, 100, SourceLatch.RELATCH_SEQ_WINDOW), "a replay of the last packet");
        assertFalse(stats.continues(7, 99, SourceLatch.RELATCH_SEQ_WINDOW));
        assertFalse(stats.continues(8, 101, SourceLatch.RELATCH_SEQ_WINDOW));
    }
}

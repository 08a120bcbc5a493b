package org.sbc.core.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NonceCountsTest {

    private static final long NOW = 1_800_000_000L;

    @Test
    void acceptsRisingCountsAndRefusesReusedOnes() {
        NonceCounts counts = new NonceCounts(16, 300);

        assertEquals(NonceCounts.Outcome.FRESH, counts.advance("n", NOW, 1, "b1 1", NOW));
        assertEquals(NonceCounts.Outcome.FRESH, counts.advance("n", NOW, 2, "b2 2", NOW));
        assertEquals(NonceCounts.Outcome.REPLAY, counts.advance("n", NOW, 2, "b3 3", NOW));
        assertEquals(NonceCounts.Outcome.REPLAY, counts.advance("n", NOW, 1, "b1 1", NOW));
    }

    @Test
    void acceptsRetransmissionOfTheSameRequest() {
        NonceCounts counts = new NonceCounts(16, 300);
        counts.advance("n", NOW, 1, "b1 1", NOW);

        assertEquals(NonceCounts.Outcome.RETRANSMISSION, counts.advance("n", NOW, 1, "b1 1", NOW));
    }

    @Test
    void staysBoundedAndNeverForgetsIntoAReplay() {
        NonceCounts counts = new NonceCounts(64, 300);
        for (int i = 0; i < 1_000; i++) {
            assertEquals(NonceCounts.Outcome.FRESH, counts.advance("n" + i, NOW + i / 10, 1, "b", NOW + i / 10));
            assertTrue(counts.size() <= 64);
        }
        // n0 was evicted: replaying it is refused (as stale), not accepted as new.
        assertEquals(NonceCounts.Outcome.FORGOTTEN, counts.advance("n0", NOW, 1, "b", NOW + 100));
    }

    @Test
    void dropsExpiredNoncesFirst() {
        NonceCounts counts = new NonceCounts(4, 300);
        for (int i = 0; i < 4; i++) {
            counts.advance("old" + i, NOW, 1, "b", NOW);
        }
        assertEquals(NonceCounts.Outcome.FRESH, counts.advance("new", NOW + 400, 1, "b", NOW + 400));
        // Only expired entries went, so no watermark: a fresh nonce from before is still accepted.
        assertEquals(NonceCounts.Outcome.FRESH, counts.advance("other", NOW + 350, 1, "b", NOW + 400));
    }
}

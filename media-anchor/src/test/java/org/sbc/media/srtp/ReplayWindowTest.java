package org.sbc.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 3711 §3.3.2: ahead of the window, or inside it and unseen, is fresh; everything else is not. */
class ReplayWindowTest {

    @Test
    void acceptsEachIndexOnceAndNothingBehindTheWindow() {
        ReplayWindow window = new ReplayWindow(64);
        assertTrue(window.isFresh(1000));
        window.accept(1000);
        assertFalse(window.isFresh(1000));
        assertTrue(window.isFresh(999));
        assertTrue(window.isFresh(937)); // 63 behind: the oldest inside
        assertFalse(window.isFresh(936)); // 64 behind: counts as received
        window.accept(999);
        assertFalse(window.isFresh(999));
        assertEquals(1000, window.top());
    }

    @Test
    void movingAheadForgetsOnlyWhatLeavesTheWindow() {
        ReplayWindow window = new ReplayWindow(128);
        for (long i = 0; i < 1000; i += 2) {
            window.accept(i);
        }
        for (long i = 998 - 126; i <= 998; i++) {
            assertEquals(i % 2 == 1, window.isFresh(i), "index " + i);
        }
        window.accept(998 + 100); // jump: bits for 999..1097 are cleared, 998 kept
        assertFalse(window.isFresh(998));
        assertTrue(window.isFresh(999));
        assertTrue(window.isFresh(1097));
        assertFalse(window.isFresh(1098));
        window.accept(5000); // beyond the window: all cleared
        assertTrue(window.isFresh(4999));
        assertFalse(window.isFresh(5000 - 128));
    }
}

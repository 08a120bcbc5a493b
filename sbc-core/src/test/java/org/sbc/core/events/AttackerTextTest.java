package org.sbc.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttackerTextTest {

    @Test
    void keepsShortTextAsItIs() {
        String text = "friendly-scanner";
        assertSame(text, AttackerText.cap(text));
    }

    @Test
    void cutsLongTextToTheCapWithAMark() {
        String capped = AttackerText.cap("a".repeat(10_000));

        assertEquals(AttackerText.MAX_CHARS, capped.length());
        assertTrue(capped.endsWith("..."));
        assertEquals(capped, AttackerText.cap(capped), "idempotent");
    }

    @Test
    void neverSplitsASurrogatePair() {
        String text = "a".repeat(AttackerText.MAX_CHARS - 4) + "\uD83D\uDE00" + "tail";

        String capped = AttackerText.cap(text);

        assertEquals("a".repeat(AttackerText.MAX_CHARS - 4) + "...", capped);
    }

    @Test
    void replacesLoneSurrogates() {
        assertEquals("x\uFFFDy\uFFFD\uD83D\uDE00", AttackerText.cap("x\uD800y\uDC00\uD83D\uDE00"));
    }
}

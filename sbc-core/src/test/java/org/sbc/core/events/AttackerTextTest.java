package org.sbc.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sbc.core.testing.TestEvents;

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
    void capsTheFieldsOfAnEventOnlyWhenNeeded() {
        SecurityEvent small = TestEvents.scanner("sipvicious");
        SecurityEvent large = TestEvents.scanner("x".repeat(100_000));

        assertSame(small, AttackerText.capFields(small));
        SecurityEvent capped = AttackerText.capFields(large);
        assertEquals(AttackerText.MAX_CHARS, capped.userAgent().orElseThrow().length());
        assertEquals(large.from(), capped.from());
        assertEquals(large.source(), capped.source());
    }

    @Test
    void replacesLoneSurrogates() {
        assertEquals("x\uFFFDy\uFFFD\uD83D\uDE00", AttackerText.cap("x\uD800y\uDC00\uD83D\uDE00"));
    }
}

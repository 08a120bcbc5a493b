package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kept parses: copies only, two bounded generations, lines in use stay, one-off lines go. */
class ParsedLinesTest {

    private final ParsedLines<List<String>> kept = new ParsedLines<>(4, ArrayList::new);

    @Test
    void handsOutCopiesNeverWhatItKeeps() {
        List<String> parsed = new ArrayList<>(List.of("a"));
        kept.remember("line", parsed);
        parsed.add("changed by the parser's caller");

        List<String> first = kept.copyOf("line");
        first.add("changed by a reader");
        List<String> second = kept.copyOf("line");

        assertEquals(List.of("a"), second);
        assertNotSame(first, second);
    }

    @Test
    void aLineNeverSeenIsNotKept() {
        assertNull(kept.copyOf("never seen"));
    }

    @Test
    void staysWithinTwoGenerations() {
        for (int i = 0; i < 1_000; i++) {
            kept.remember("line " + i, List.of());
            assertTrue(kept.size() <= 8, "size " + kept.size());
        }
        assertNull(kept.copyOf("line 0"), "one-off lines age out");
    }

    @Test
    void aLineReadAgainOutlivesOneOffLines() {
        kept.remember("Content-Type: application/sdp", List.of("sdp"));
        for (int i = 0; i < 100; i++) {
            kept.remember("Call-ID: one-off-" + i, List.of());
            assertNotNull(kept.copyOf("Content-Type: application/sdp"), "after " + i + " one-off lines");
        }
    }

    @Test
    void aVeryLongLineIsNotKept() {
        String line = "Subject: " + "x".repeat(ParsedLines.MAX_LINE_CHARS);
        kept.remember(line, List.of("long"));
        assertNull(kept.copyOf(line));
    }
}

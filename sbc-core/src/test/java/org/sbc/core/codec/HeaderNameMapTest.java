package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderNameMapTest {

    private final HeaderNameMap<Integer> map = HeaderNameMap.of(Map.of("via", 1, "Call-ID", 2, "content-length", 3, "l", 4));

    @Test
    void findsANameInAnyCaseWholeOrInsideALongerText() {
        assertEquals(1, map.get("VIA"));
        assertEquals(2, map.get("call-id"));
        assertEquals(2, map.get("CALL-id"));
        String line = "Content-Length: 0";
        assertEquals(3, map.get(line, 0, line.indexOf(':')));
        assertEquals(4, map.get("x: l ", 3, 4));
        assertNull(map.get(line, 0, 7), "a prefix of a name is not the name");
        assertNull(map.get("vias"));
        assertNull(map.get(""));
    }

    @Test
    void refusesTwoNamesThatDifferOnlyInCase() {
        Map<String, Integer> twice = new HashMap<>();
        twice.put("Via", 1);
        twice.put("via", 2);
        assertThrows(IllegalArgumentException.class, () -> HeaderNameMap.of(twice));
    }

    @Test
    void aNonAsciiLetterThatLowerCasesToAnAsciiOneMatchesNothing() {
        HeaderNameMap<Integer> keyed = HeaderNameMap.of(Map.of("key", 1));
        assertEquals("key", "\u212Aey".toLowerCase(Locale.ROOT));
        assertNull(keyed.get("\u212Aey"));
    }

    /**
     * What lets the outside sanitiser, which reads encoded messages as Latin-1, use this map for
     * a lookup of the lower-cased name: no character above ASCII in Latin-1 lower-cases into ASCII.
     */
    @Test
    void noLatin1CharacterAboveAsciiLowerCasesToAscii() {
        for (char c = 0x80; c <= 0xFF; c++) {
            String lower = String.valueOf(c).toLowerCase(Locale.ROOT);
            assertTrue(lower.chars().allMatch(ch -> ch >= 0x80), "U+" + Integer.toHexString(c) + " -> " + lower);
        }
    }
}

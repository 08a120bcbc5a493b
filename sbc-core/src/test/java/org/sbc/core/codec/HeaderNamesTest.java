package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HeaderNamesTest {

    @Test
    void findsANameInAnyCaseOfItsAsciiLetters() {
        HeaderNames names = HeaderNames.of(List.of("allow", "Session-Expires", "www-authenticate", "rseq"));
        for (String name : List.of("allow", "Allow", "ALLOW", "session-expires", "Session-Expires",
                "WWW-Authenticate", "RSeq", "rseq")) {
            assertTrue(names.contains(name), name);
        }
        for (String name : List.of("Via", "allo", "allows", "Contact", "", "session_expires", "rse")) {
            assertFalse(names.contains(name), name);
        }
    }

    @Test
    void aNonAsciiLetterThatLowerCasesToAnAsciiOneMatchesNothing() {
        HeaderNames names = HeaderNames.of(List.of("key", "min-se"));
        // The Kelvin sign lower-cases to k under Locale.ROOT; a header name is ASCII (a token).
        assertEquals("key", "\u212Aey".toLowerCase(Locale.ROOT));
        assertFalse(names.contains("\u212Aey"));
        assertTrue(names.contains("KEY"));
    }

    @Test
    void agreesWithLowerCasingForEveryNameOfAFullTable() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            members.add("x-name-" + i);
        }
        HeaderNames names = HeaderNames.of(members);
        for (int i = 0; i < 400; i++) {
            String asked = (i % 2 == 0 ? "X-Name-" : "x-NAME-") + i;
            assertEquals(members.contains(asked.toLowerCase(Locale.ROOT)), names.contains(asked), asked);
        }
    }
}

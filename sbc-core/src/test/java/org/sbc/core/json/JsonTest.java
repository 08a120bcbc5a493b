package org.sbc.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.json.Json.JsonException;

class JsonTest {

    @Test
    void readsObjectsArraysStringsIntegersAndLiterals() throws Exception {
        Object value = Json.parse(" {\"a\": [1, -2, \"x\\n\\u00e9\\\"\"], \"b\": {\"c\": true, \"d\": null}, \"e\": false} ");
        assertEquals(Map.of("a", List.of(1L, -2L, "x\n\u00e9\""), "b", new java.util.HashMap<>(Map.of("c", true)) {{
            put("d", null);
        }}, "e", false), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":1,}", "[1 2]", "{\"a\":1}x", "1.5", "1e3", "\"\u0001\"", "{\"a\":1,\"a\":2}",
            "99999999999999999999", "tru", "{a:1}", "\"\\x\""})
    void refusesWhatIsNotOurJson(String text) {
        assertThrows(JsonException.class, () -> Json.parse(text));
    }

    @Test
    void refusesDeepNesting() {
        assertThrows(JsonException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }

    @Test
    void quotesEverythingThatCouldBreakOutOfAString() throws Exception {
        String nasty = "a\"b\\c\r\nd\u0000<script>&\u2028";
        String quoted = Json.quote(nasty);
        assertTrue(quoted.chars().allMatch(c -> c >= 0x20 && c < 0x7f), quoted);
        assertTrue(!quoted.contains("<") && !quoted.contains("\r"), quoted);
        assertEquals(nasty, Json.parse(quoted));
    }
}

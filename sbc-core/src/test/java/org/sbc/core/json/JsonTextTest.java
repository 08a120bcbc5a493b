package org.sbc.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {

    @Test
    void readsObjectsArraysStringsIntegersAndLiterals() throws Exception {
        Object value = JsonText.parse(" {\"a\": [1, -2, \"x\\n\\u00e9\\\"\"], \"b\": {\"c\": true, \"d\": null}, \"e\": false} ");
        assertEquals(Map.of("a", List.of(1L, -2L, "x\n\u00e9\""), "b", new java.util.HashMap<>(Map.of("c", true)) {{
            put("d", null);
        }}, "e", false), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":1,}", "[1 2]", "{\"a\":1}x", "1.5", "1e3", "\"\u0001\"", "{\"a\":1,\"a\":2}",
            "99999999999999999999", "tru", "{a:1}", "\"\\x\"", "{} {}", "[01]"})
    void refusesWhatIsNotOurJson(String text) {
        assertThrows(JsonException.class, () -> JsonText.parse(text));
    }

    @Test
    void refusesDeepNestingButReadsSeventeenLevels() throws Exception {
        assertThrows(JsonException.class, () -> JsonText.parse("[".repeat(100) + "]".repeat(100)));
        assertThrows(JsonException.class, () -> JsonText.parse("[".repeat(18) + "]".repeat(18)));
        JsonText.parse("[".repeat(17) + "]".repeat(17));
    }

    @Test
    void errorsGiveTheOffsetNotTheInput() {
        JsonException e = assertThrows(JsonException.class, () -> JsonText.parse("{\"a\":secret}"));
        assertTrue(e.getMessage().contains("offset") && !e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void quotesEverythingThatCouldBreakOutOfAString() throws Exception {
        String nasty = "a\"b\\c\r\nd\u0000<script>&\u2028\b\f\u007f\uD83D\uDE00";
        String quoted = JsonText.write(json -> json.writeString(nasty));
        assertEquals("\"a\\\"b\\\\c\\r\\nd\\u0000\\u003cscript\\u003e\\u0026\\u2028\\u0008\\u000c\\u007f\\ud83d\\ude00\"",
                quoted);
        assertEquals(nasty, JsonText.parse(quoted));
    }

    @Test
    void eventsEscapeControlsAndLineSeparatorsButNotMarkup() {
        String text = "<b>\u0085\u009f\u00e9\u2029\r\uD83D\uDE00";
        assertEquals("\"<b>\\u0085\\u009f\u00e9\\u2029\\r\uD83D\uDE00\"", JsonText.writeEvent(json -> json.writeString(text)));
    }

    @Test
    void writesAOneFieldObject() {
        assertEquals("{\"error\":\"no \\u003cthing\\u003e\"}", JsonText.object("error", "no <thing>"));
    }
}

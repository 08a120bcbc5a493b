package org.sbc.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.testing.Json;
import org.sbc.core.testing.TestEvents;

class JsonFormatTest {

    private final JsonFormat json = new JsonFormat();

    @Test
    void writesOneObjectWithFixedKeys() {
        assertEquals("{\"time\":\"2026-11-26T14:00:00.123Z\",\"type\":\"SCANNER\",\"source_address\":\"203.0.113.7\","
                + "\"source_port\":5062,\"transport\":\"udp\",\"step\":\"secfilter\",\"reason\":\"user-agent sipvicious\","
                + "\"mode\":\"enforce\",\"details\":{\"rule\":\"ua-1\"},\"user_agent\":\"friendly-scanner\","
                + "\"from\":\"<sip:100@198.51.100.1>;tag=1\",\"to\":\"<sip:100@198.51.100.1>\","
                + "\"request_uri\":\"sip:100@198.51.100.1\"}",
                json.format(TestEvents.scanner("friendly-scanner")));
    }

    @Test
    void leavesOutAbsentFields() {
        assertEquals("{\"time\":\"2026-11-26T14:00:00.123Z\",\"type\":\"UNBAN\",\"source_address\":\"192.0.2.9\","
                + "\"source_port\":0,\"step\":\"admin\",\"reason\":\"manual\",\"mode\":\"enforce\",\"details\":{}}",
                json.format(TestEvents.unbanManual("192.0.2.9")));
    }

    @Test
    void encodesHostileUserAgentAsOneValidLine() {
        String line = json.format(TestEvents.scanner(TestEvents.HOSTILE_USER_AGENT));

        CefFormatTest.assertOneLine(line);
        Map<String, Object> object = Json.object(line);
        assertEquals(TestEvents.HOSTILE_USER_AGENT, object.get("user_agent"), "decodes to exactly what was sent");
        assertEquals("203.0.113.7", object.get("source_address"));
        assertEquals("evil\\r\\n<13>1 FAKE|x=y\\\"]\\\\ act=allow\\u2028\\u0000end",
                line.substring(line.indexOf("\"user_agent\":\"") + 14, line.indexOf("\",\"from\"")));
    }

    @Test
    void staysValidForRandomText() {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            char[] chars = new char[random.nextInt(300)];
            for (int j = 0; j < chars.length; j++) {
                // Mostly the dangerous range, some of everything else, surrogates included.
                chars[j] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) random.nextInt(0x100);
            }
            String userAgent = new String(chars);

            String line = json.format(TestEvents.scanner(userAgent));

            CefFormatTest.assertOneLine(line);
            assertEquals(AttackerText.cap(userAgent), Json.object(line).get("user_agent"), line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":\"x\ny\"}", "{\"a\":1,}", "{\"a\":\"\\x41\"}", "{\"a\":1}x", "{\"a\":1,\"a\":2}",
        "{\"a\":\"\\u12\"}", "{a:1}", "{\"a\":01}", "{\"a\":\"unterminated}"})
    void checkerRefusesWhatIsNotJson(String text) {
        assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
    }

    @Test
    void checkerReadsNestedJson() {
        Object value = Json.parse(" {\"a\":[1,-2.5e3,true,false,null,{\"b\":\"\\u00e9\\n\\/\"}]} ");

        assertFalse(value.toString().isEmpty());
        assertEquals("[1, -2.5e3, true, false, " + Json.NULL + ", {b=\u00e9\n/}]",
                ((Map<?, ?>) value).get("a").toString());
    }
}

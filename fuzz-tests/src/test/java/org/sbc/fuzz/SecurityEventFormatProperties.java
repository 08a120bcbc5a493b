package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sbc.core.events.AttackerText;
import org.sbc.core.events.CefFormat;
import org.sbc.core.events.JsonFormat;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.sip.Transport;

/**
 * Whatever an attacker puts in User-Agent, From, To and Request-URI, every event format stays
 * one line and parses back to the same (capped) field values: no value can end the event, start
 * another, or pose as another field.
 */
class SecurityEventFormatProperties {

    private static final CefFormat CEF = new CefFormat("0.1.0");
    private static final JsonFormat JSON = new JsonFormat();

    @Provide
    Arbitrary<String> hostile() {
        // Weighted towards the characters each format must escape, plus anything at all.
        Arbitrary<Character> special = Arbitraries.of('\r', '\n', '|', '=', '"', ']', '\\', ' ', '\u0000', '\u0085',
                '\u2028', '\u2029', '\u007f', '\uD800', '\uDC00', '<', '>', '{', '}');
        Arbitrary<Character> any = Arbitraries.chars();
        Arbitrary<Character> ascii = Arbitraries.chars().range(' ', '~');
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, special), net.jqwik.api.Tuple.of(3, ascii), net.jqwik.api.Tuple.of(1, any))
                .list().ofMaxSize(400)
                .map(chars -> {
                    StringBuilder text = new StringBuilder(chars.size());
                    chars.forEach(text::append);
                    return text.toString();
                });
    }

    @Property(tries = 2_000)
    void cefIsOneLineAndParsesBackToTheFields(@ForAll("hostile") String userAgent, @ForAll("hostile") String from,
            @ForAll("hostile") String to, @ForAll("hostile") String requestUri) {
        String line = CEF.format(event(userAgent, from, to, requestUri));

        assertOneLine(line);
        Map<String, String> extension = cefExtension(line);
        assertEquals(cefExpected(userAgent), extension.get("requestClientApplication"));
        assertEquals(cefExpected(from), extension.get("suser"));
        assertEquals(cefExpected(to), extension.get("duser"));
        assertEquals(cefExpected(requestUri), extension.get("request"));
        assertEquals("scanner", extension.get("act"));
        assertEquals("203.0.113.7", extension.get("src"));
    }

    @Property(tries = 2_000)
    void jsonIsOneValidLineAndParsesBackToTheFields(@ForAll("hostile") String userAgent, @ForAll("hostile") String from,
            @ForAll("hostile") String to, @ForAll("hostile") String requestUri) {
        String line = JSON.format(event(userAgent, from, to, requestUri));

        assertOneLine(line);
        Map<String, Object> object = Json.object(line);
        assertEquals(AttackerText.cap(userAgent), object.get("user_agent"));
        assertEquals(AttackerText.cap(from), object.get("from"));
        assertEquals(AttackerText.cap(to), object.get("to"));
        assertEquals(AttackerText.cap(requestUri), object.get("request_uri"));
        assertEquals("SCANNER", object.get("type"));
    }

    @Property(tries = 1_000)
    void capIsBoundedAndIdempotent(@ForAll("hostile") String text) {
        String capped = AttackerText.cap(text);

        assertTrue(capped.length() <= AttackerText.MAX_CHARS);
        assertEquals(capped, AttackerText.cap(capped));
    }

    private static SecurityEvent event(String userAgent, String from, String to, String requestUri) {
        try {
            return new SecurityEvent(Instant.parse("2026-11-26T14:00:00.123Z"), SecurityEventType.SCANNER,
                    new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 5062), Optional.of(Transport.UDP),
                    "secfilter", "user-agent", "enforce", Map.of("rule", "ua-1"), Optional.of(userAgent),
                    Optional.of(from), Optional.of(to), Optional.of(requestUri));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertOneLine(String line) {
        for (char c : line.toCharArray()) {
            assertFalse(c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029',
                    "line break " + (int) c + " in: " + line);
        }
    }

    /** What CEF can carry of a value: capped, controls other than CR/LF replaced (CEF has no escape for them). */
    private static String cefExpected(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : AttackerText.cap(value).toCharArray()) {
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
            out.append(control && c != '\r' && c != '\n' ? '\uFFFD' : c);
        }
        return out.toString();
    }

    /**
     * A CEF reader: the header ends at the seventh unescaped {@code |}; in the extension, every
     * unescaped {@code =} ends a key (the run of letters and digits after the last space), and a
     * value runs to the space before the next key. Escapes are then decoded.
     */
    static Map<String, String> cefExtension(String line) {
        int pipes = 0;
        int i = 0;
        while (pipes < 7) {
            char c = line.charAt(i++);
            if (c == '\\') {
                i++;
            } else if (c == '|') {
                pipes++;
            }
        }
        String ext = line.substring(i);
        Map<String, String> fields = new HashMap<>();
        String key = null;
        int valueStart = 0;
        for (int j = 0; j < ext.length(); j++) {
            char c = ext.charAt(j);
            if (c == '\\') {
                j++;
                continue;
            }
            if (c == '=') {
                int keyStart = j;
                while (keyStart > 0 && Character.isLetterOrDigit(ext.charAt(keyStart - 1))) {
                    keyStart--;
                }
                assertTrue(keyStart == 0 || ext.charAt(keyStart - 1) == ' ', "key not after a space in: " + ext);
                if (key != null) {
                    assertFalse(fields.containsKey(key), "duplicate key " + key + " in: " + ext);
                    fields.put(key, unescape(ext.substring(valueStart, keyStart - 1)));
                }
                key = ext.substring(keyStart, j);
                valueStart = j + 1;
            }
        }
        fields.put(key, unescape(ext.substring(valueStart)));
        return fields;
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = value.charAt(++i);
            out.append(switch (e) {
                case 'r' -> '\r';
                case 'n' -> '\n';
                case '\\', '=' -> e;
                default -> throw new AssertionError("unknown CEF escape \\" + e + " in: " + value);
            });
        }
        return out.toString();
    }
}

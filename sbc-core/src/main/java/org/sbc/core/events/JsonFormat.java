package org.sbc.core.events;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One JSON object per event (RFC 8259), on one line.
 *
 * <p>Strings are escaped here rather than with the OWASP encoder: its Java and JavaScript
 * encoders write octal ({@code \351}) and {@code \xHH} escapes, which are not JSON. The rule is
 * JSON's own: {@code "} and {@code \} are escaped, every control character (C0, DEL, C1) and
 * U+2028/U+2029 become {@code \}{@code uXXXX}; all else is written as UTF-8. Keys are fixed.
 */
public final class JsonFormat implements EventFormat {

    /** Milliseconds, always three digits, UTC: a SIEM sorts these as text. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public String format(SecurityEvent event) {
        StringBuilder out = new StringBuilder(512).append('{');
        field(out, "time", TIME.format(event.time().truncatedTo(ChronoUnit.MILLIS)));
        out.append(',');
        field(out, "type", event.type().name());
        out.append(',');
        field(out, "source_address", event.source().getAddress().getHostAddress());
        out.append(",\"source_port\":").append(event.source().getPort());
        event.transport().ifPresent(t -> field(out.append(','), "transport", t.name().toLowerCase(Locale.ROOT)));
        out.append(',');
        field(out, "step", event.step());
        out.append(',');
        field(out, "reason", event.reason());
        out.append(',');
        field(out, "mode", event.mode());
        out.append(",\"details\":{");
        boolean first = true;
        for (Map.Entry<String, String> detail : new TreeMap<>(event.details()).entrySet()) {
            if (!first) {
                out.append(',');
            }
            field(out, detail.getKey(), detail.getValue());
            first = false;
        }
        out.append('}');
        attacker(out, "user_agent", event.userAgent());
        attacker(out, "from", event.from());
        attacker(out, "to", event.to());
        attacker(out, "request_uri", event.requestUri());
        return out.append('}').toString();
    }

    private static void attacker(StringBuilder out, String key, Optional<String> value) {
        value.ifPresent(v -> field(out.append(','), key, AttackerText.cap(v)));
    }

    private static void field(StringBuilder out, String key, String value) {
        string(out, key);
        out.append(':');
        string(out, value);
    }

    /** A JSON string literal; public for the admin API, which writes the same objects. */
    public static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (CefFormat.isBreakOrControl(c)) {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

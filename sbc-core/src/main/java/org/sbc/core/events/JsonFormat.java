package org.sbc.core.events;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sbc.core.json.JsonText;

/**
 * One JSON object per event (RFC 8259), on one line, written by {@link JsonText#writeEvent}.
 *
 * <p>Strings are escaped by the JSON writer rather than with the OWASP encoder: its Java and
 * JavaScript encoders write octal ({@code \351}) and {@code \xHH} escapes, which are not JSON.
 * {@code "} and {@code \} are escaped, every control character (C0, DEL, C1) and U+2028/U+2029
 * become {@code \}{@code uXXXX}; all else is written as UTF-8. Keys are fixed.
 */
public final class JsonFormat implements EventFormat {

    /** Milliseconds, always three digits, UTC: a SIEM sorts these as text. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    @Override
    public String format(SecurityEvent event) {
        return JsonText.writeEvent(json -> write(json, event));
    }

    /** The event as one object into {@code json}; for the admin API, which lists the same objects. */
    static void write(JsonGenerator json, SecurityEvent event) throws IOException {
        json.writeStartObject();
        json.writeStringField("time", TIME.format(event.time().truncatedTo(ChronoUnit.MILLIS)));
        json.writeStringField("type", event.type().name());
        json.writeStringField("source_address", event.source().getAddress().getHostAddress());
        json.writeNumberField("source_port", event.source().getPort());
        if (event.transport().isPresent()) {
            json.writeStringField("transport", event.transport().get().name().toLowerCase(Locale.ROOT));
        }
        json.writeStringField("step", event.step());
        json.writeStringField("reason", event.reason());
        json.writeStringField("mode", event.mode());
        json.writeObjectFieldStart("details");
        for (Map.Entry<String, String> detail : new TreeMap<>(event.details()).entrySet()) {
            json.writeStringField(detail.getKey(), detail.getValue());
        }
        json.writeEndObject();
        attacker(json, "user_agent", event.userAgent());
        attacker(json, "from", event.from());
        attacker(json, "to", event.to());
        attacker(json, "request_uri", event.requestUri());
        json.writeEndObject();
    }

    private static void attacker(JsonGenerator json, String key, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            json.writeStringField(key, AttackerText.cap(value.get()));
        }
    }
}

package org.sbc.core.edge.ban;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sbc.core.json.JsonException;
import org.sbc.core.json.JsonText;
import org.sbc.feeds.IpPrefix;

/** One ban as JSON: the admin API's answer and one entry of the state file. */
public final class BanJson {

    /** Notes are the operator's words; capped so a note cannot bloat every list and event. */
    public static final int MAX_NOTE_CHARS = 200;
    static final int MAX_COUNTERS = 32;

    private BanJson() {}

    /** One ban as a document: what the Redis store publishes. */
    public static String write(Ban ban) {
        return JsonText.write(json -> write(json, ban));
    }

    /** One ban as an object into {@code json}. */
    public static void write(JsonGenerator json, Ban ban) throws IOException {
        json.writeStartObject();
        json.writeStringField("target", ban.target().toString());
        json.writeStringField("reason", ban.reason().name().toLowerCase(Locale.ROOT));
        json.writeStringField("created", ban.created().toString());
        json.writeStringField("expires", ban.expires().toString());
        json.writeNumberField("offences", ban.offences());
        json.writeNumberField("hits", ban.hits());
        json.writeStringField("first_seen", ban.firstSeen().toString());
        json.writeStringField("last_seen", ban.lastSeen().toString());
        if (ban.lastHit().isPresent()) {
            json.writeStringField("last_hit", ban.lastHit().get().toString());
        }
        if (ban.note().isPresent()) {
            json.writeStringField("note", ban.note().get());
        }
        json.writeObjectFieldStart("evidence");
        json.writeStringField("step", ban.evidence().step());
        json.writeStringField("rule", ban.evidence().rule());
        json.writeObjectFieldStart("counters");
        for (Map.Entry<String, Long> counter : new TreeMap<>(ban.evidence().counters()).entrySet()) {
            json.writeNumberField(counter.getKey(), counter.getValue());
        }
        json.writeEndObject();
        json.writeStringField("first_seen", ban.evidence().firstSeen().toString());
        json.writeStringField("last_seen", ban.evidence().lastSeen().toString());
        json.writeEndObject();
        json.writeEndObject();
    }

    /** Bans as an array, one ban per line so that a state file of thousands can be read and diffed. */
    public static void writeList(JsonGenerator json, List<Ban> bans) throws IOException {
        PrettyPrinter around = json.getPrettyPrinter();
        json.setPrettyPrinter(ONE_PER_LINE);
        json.writeStartArray();
        for (Ban ban : bans) {
            write(json, ban);
        }
        json.writeEndArray();
        json.setPrettyPrinter(around);
    }

    /** Compact JSON, except that an array's elements each start a line indented by two spaces. */
    private static final PrettyPrinter ONE_PER_LINE = new MinimalPrettyPrinter() {
        @Override
        public void beforeArrayValues(JsonGenerator json) throws IOException {
            json.writeRaw("\n  ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator json) throws IOException {
            json.writeRaw(",\n  ");
        }

        @Override
        public void writeEndArray(JsonGenerator json, int values) throws IOException {
            json.writeRaw(values == 0 ? "]" : "\n]");
        }
    };

    /** Reads what {@link #write} wrote; anything else is a {@link JsonException}. */
    public static Ban read(Object json) throws JsonException {
        Map<?, ?> map = object(json, "ban");
        IpPrefix target = IpPrefix.parse(string(map, "target"))
                .orElseThrow(() -> new JsonException("target: not an address or network"));
        BanReason reason = reason(string(map, "reason"));
        Map<?, ?> evidenceMap = object(map.get("evidence"), "evidence");
        Map<?, ?> countersMap = object(evidenceMap.get("counters"), "evidence.counters");
        if (countersMap.size() > MAX_COUNTERS) {
            throw new JsonException("evidence.counters: more than " + MAX_COUNTERS);
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : countersMap.entrySet()) {
            if (!(e.getValue() instanceof Long value)) {
                throw new JsonException("evidence.counters: not an integer");
            }
            counters.put((String) e.getKey(), value);
        }
        Evidence evidence = new Evidence(string(evidenceMap, "step"), string(evidenceMap, "rule"), counters,
                instant(evidenceMap, "first_seen"), instant(evidenceMap, "last_seen"));
        Optional<String> note = map.containsKey("note") ? Optional.of(note(string(map, "note"))) : Optional.empty();
        long offences = number(map, "offences");
        long hits = number(map, "hits");
        if (offences < 1 || offences > Integer.MAX_VALUE || hits < 0) {
            throw new JsonException("offences or hits out of range");
        }
        Optional<Instant> lastHit = map.containsKey("last_hit") ? Optional.of(instant(map, "last_hit")) : Optional.empty();
        return new Ban(target, reason, evidence, note, instant(map, "created"), instant(map, "expires"),
                (int) offences, hits, lastHit);
    }

    /** A note as the API accepts it: printable, at most {@link #MAX_NOTE_CHARS}. */
    public static String note(String text) throws JsonException {
        if (text.length() > MAX_NOTE_CHARS || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new JsonException("note: expected printable text of at most " + MAX_NOTE_CHARS + " characters");
        }
        return text;
    }

    static BanReason reason(String text) throws JsonException {
        for (BanReason reason : BanReason.values()) {
            if (reason.name().toLowerCase(Locale.ROOT).equals(text)) {
                return reason;
            }
        }
        throw new JsonException("reason: unknown");
    }

    static Map<?, ?> object(Object json, String what) throws JsonException {
        if (json instanceof Map<?, ?> map) {
            return map;
        }
        throw new JsonException(what + ": expected an object");
    }

    static String string(Map<?, ?> map, String key) throws JsonException {
        if (map.get(key) instanceof String text) {
            return text;
        }
        throw new JsonException(key + ": expected a string");
    }

    static long number(Map<?, ?> map, String key) throws JsonException {
        if (map.get(key) instanceof Long value) {
            return value;
        }
        throw new JsonException(key + ": expected an integer");
    }

    static Instant instant(Map<?, ?> map, String key) throws JsonException {
        try {
            return Instant.parse(string(map, key));
        } catch (DateTimeException e) {
            throw new JsonException(key + ": expected a time like 2026-01-01T00:00:00Z");
        }
    }
}

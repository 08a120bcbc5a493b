package org.sbc.core.edge.ban;

import static org.sbc.core.json.Json.quote;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.json.Json.JsonException;
import org.sbc.feeds.IpPrefix;

/** One ban as JSON: the admin API's answer and one entry of the state file. */
public final class BanJson {

    /** Notes are the operator's words; capped so a note cannot bloat every list and event. */
    public static final int MAX_NOTE_CHARS = 200;
    static final int MAX_COUNTERS = 32;

    private BanJson() {}

    public static String write(Ban ban) {
        StringBuilder out = new StringBuilder(512).append('{');
        field(out, "target", quote(ban.target().toString()));
        field(out, "reason", quote(ban.reason().name().toLowerCase(Locale.ROOT)));
        field(out, "created", quote(ban.created().toString()));
        field(out, "expires", quote(ban.expires().toString()));
        field(out, "offences", Integer.toString(ban.offences()));
        field(out, "hits", Long.toString(ban.hits()));
        field(out, "first_seen", quote(ban.firstSeen().toString()));
        field(out, "last_seen", quote(ban.lastSeen().toString()));
        ban.lastHit().ifPresent(hit -> field(out, "last_hit", quote(hit.toString())));
        ban.note().ifPresent(note -> field(out, "note", quote(note)));
        StringBuilder evidence = new StringBuilder("{");
        field(evidence, "step", quote(ban.evidence().step()));
        field(evidence, "rule", quote(ban.evidence().rule()));
        StringBuilder counters = new StringBuilder("{");
        ban.evidence().counters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> field(counters, e.getKey(), Long.toString(e.getValue())));
        field(evidence, "counters", counters.append('}').toString());
        field(evidence, "first_seen", quote(ban.evidence().firstSeen().toString()));
        field(evidence, "last_seen", quote(ban.evidence().lastSeen().toString()));
        field(out, "evidence", evidence.append('}').toString());
        return out.append('}').toString();
    }

    public static String writeList(List<Ban> bans) {
        StringBuilder out = new StringBuilder(64 + bans.size() * 512).append("[");
        for (int i = 0; i < bans.size(); i++) {
            out.append(i == 0 ? "\n  " : ",\n  ").append(write(bans.get(i)));
        }
        return out.append(bans.isEmpty() ? "]" : "\n]").toString();
    }

    private static void field(StringBuilder out, String name, String jsonValue) {
        if (out.length() > 1) {
            out.append(',');
        }
        out.append(quote(name)).append(':').append(jsonValue);
    }

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

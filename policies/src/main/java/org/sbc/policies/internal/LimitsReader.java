package org.sbc.policies.internal;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sbc.policies.Admission;
import org.sbc.policies.FraudLimit;
import org.sbc.policies.RateLimit;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the {@code admission:} and {@code fraud:} sections of policy files: lists of limits the
 * B2BUA enforces when a call starts, each with an id that events and {@code sbc fraud list} name.
 */
public final class LimitsReader {

    /** Limits are few; each costs a table lookup per new call. */
    public static final int MAX_LIMITS = 256;
    static final int MAX_PREFIXES = 1_000;
    /** A day has 1,440 minutes; a block level above a year of calls is a typo. */
    private static final long MAX_LEVEL = 10_000_000;

    private static final List<String> ADMISSION_KEYS = List.of("id", "description", "key", "digits", "concurrent", "per_second",
            "reject");
    private static final List<String> FRAUD_KEYS = List.of("id", "description", "key", "calls_per_minute", "calls_per_hour", "concurrent",
            "international_minutes_per_day", "high_cost_minutes_per_day", "high_cost_prefixes");
    private static final List<String> LEVEL_KEYS = List.of("warn", "block");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern E164_PREFIX = Pattern.compile("\\+[0-9]{1,15}");

    private final Problems problems;
    private final Map<String, List<String>> lists;
    private final Set<String> ids = new HashSet<>();

    public LimitsReader(Problems problems, Map<String, List<String>> lists) {
        this.problems = problems;
        this.lists = lists;
    }

    public List<Admission> admission(Node node) {
        List<Admission> limits = new ArrayList<>();
        List<Node> items = YamlMapping.sequence(node, "admission", MAX_LIMITS, problems).orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            String path = "admission[" + i + "]";
            YamlMapping limit = YamlMapping.of(items.get(i), path, problems, ADMISSION_KEYS::contains, ADMISSION_KEYS);
            Optional<String> id = id(limit, items.get(i));
            RateLimit.Key key = key(limit, items.get(i), List.of("source", "user", "trunk", "destination_prefix"), null);
            int digits = limit.integerOr("digits", 1, 15, 0);
            int concurrent = limit.integerOr("concurrent", 1, 10_000_000, 0);
            int perSecond = limit.integerOr("per_second", 1, 100_000, 0);
            int reject = limit.integerOr("reject", 403, 503, 503);
            boolean ok = id.isPresent() && key != null;
            if (reject != 403 && reject != 503) {
                problems.error(limit.value("reject").orElseThrow(), limit.pathOf("reject"), reject + " (expected: 503 or 403)");
                ok = false;
            }
            if (concurrent == 0 && perSecond == 0 && !limit.has("concurrent") && !limit.has("per_second")) {
                problems.error(items.get(i), path, "no limit (expected: concurrent, per_second or both)");
                ok = false;
            }
            if (key != null && (key == RateLimit.Key.DESTINATION_PREFIX) != (digits > 0)) {
                problems.error(items.get(i), path, "digits " + digits
                        + " (expected: digits exactly when key is destination_prefix)");
                ok = false;
            }
            if (ok && (concurrent > 0 || perSecond > 0)) {
                limits.add(new Admission(id.get(), key, digits, concurrent, perSecond, reject));
            }
        }
        return limits;
    }

    public List<FraudLimit> fraud(Node node) {
        List<FraudLimit> limits = new ArrayList<>();
        List<Node> items = YamlMapping.sequence(node, "fraud", MAX_LIMITS, problems).orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            String path = "fraud[" + i + "]";
            YamlMapping limit = YamlMapping.of(items.get(i), path, problems, FRAUD_KEYS::contains, FRAUD_KEYS);
            Optional<String> id = id(limit, items.get(i));
            RateLimit.Key key = key(limit, items.get(i), List.of("user", "trunk"), RateLimit.Key.USER);
            FraudLimit.Level perMinute = level(limit, "calls_per_minute");
            FraudLimit.Level perHour = level(limit, "calls_per_hour");
            FraudLimit.Level concurrent = level(limit, "concurrent");
            FraudLimit.Level international = level(limit, "international_minutes_per_day");
            FraudLimit.Level highCost = level(limit, "high_cost_minutes_per_day");
            List<String> prefixes = prefixes(limit);
            if (highCost.isSet() && prefixes.isEmpty()) {
                problems.error(limit.value("high_cost_minutes_per_day").orElseThrow(), limit.pathOf("high_cost_minutes_per_day"),
                        "no high_cost_prefixes (expected: the E.164 prefixes whose minutes count)");
            }
            if (id.isPresent() && key != null) {
                limits.add(new FraudLimit(id.get(), key, perMinute, perHour, concurrent, international, highCost, prefixes));
            }
        }
        return limits;
    }

    private Optional<String> id(YamlMapping limit, Node at) {
        Optional<Node> node = limit.value("id");
        if (node.isEmpty()) {
            problems.error(at, limit.path(), "missing key 'id' (expected: a unique id)");
            return Optional.empty();
        }
        Optional<String> text = YamlMapping.string(node.get(), limit.pathOf("id"), 64, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!ID.matcher(text.get()).matches()) {
            problems.error(node.get(), limit.pathOf("id"), quote(text.get()) + " (expected: letters, digits, . _ -)");
            return Optional.empty();
        }
        if (!ids.add(text.get())) {
            problems.error(node.get(), limit.pathOf("id"), "duplicate limit id " + quote(text.get()) + " (expected: unique)");
            return Optional.empty();
        }
        return text;
    }

    private RateLimit.Key key(YamlMapping limit, Node at, List<String> allowed, RateLimit.Key fallback) {
        Optional<Node> node = limit.value("key");
        if (node.isEmpty()) {
            if (fallback == null) {
                problems.error(at, limit.path(), "missing key 'key' (expected: one of "
                        + String.join(", ", allowed) + ")");
            }
            return fallback;
        }
        Optional<String> text = YamlMapping.string(node.get(), limit.pathOf("key"), 32, problems);
        if (text.isPresent() && allowed.contains(text.get())) {
            return RateLimit.Key.valueOf(text.get().toUpperCase(Locale.ROOT));
        }
        text.ifPresent(t -> problems.error(node.get(), limit.pathOf("key"), quote(t) + " (expected: one of "
                + String.join(", ", allowed) + ")"));
        return null;
    }

    private FraudLimit.Level level(YamlMapping limit, String name) {
        Optional<Node> node = limit.value(name);
        if (node.isEmpty()) {
            return FraudLimit.Level.NONE;
        }
        YamlMapping level = YamlMapping.of(node.get(), limit.pathOf(name), problems, LEVEL_KEYS::contains, LEVEL_KEYS);
        long warn = level.longInteger("warn", 1, MAX_LEVEL).orElse(0L);
        long block = level.longInteger("block", 1, MAX_LEVEL).orElse(0L);
        if (warn == 0 && block == 0 && !level.has("warn") && !level.has("block")) {
            problems.error(node.get(), limit.pathOf(name), "no level (expected: warn, block or both)");
            return FraudLimit.Level.NONE;
        }
        if (warn > 0 && block > 0 && warn >= block) {
            problems.error(node.get(), limit.pathOf(name), "warn " + warn + ", block " + block + " (expected: warn below block)");
            return FraudLimit.Level.NONE;
        }
        return new FraudLimit.Level(warn, block);
    }

    private List<String> prefixes(YamlMapping limit) {
        List<String> prefixes = new ArrayList<>();
        Optional<List<Node>> items = limit.sequence("high_cost_prefixes", MAX_PREFIXES);
        for (int i = 0; i < items.map(List::size).orElse(0); i++) {
            String path = limit.pathOf("high_cost_prefixes") + "[" + i + "]";
            Node item = items.get().get(i);
            Optional<String> text = YamlMapping.string(item, path, 64, problems);
            if (text.isEmpty()) {
                continue;
            }
            List<String> values = text.get().startsWith("$") ? lists.get(text.get().substring(1)) : List.of(text.get());
            if (values == null) {
                problems.error(item, path, "unknown list " + quote(text.get()) + " (expected: a list under lists:)");
                continue;
            }
            for (String value : values) {
                if (!E164_PREFIX.matcher(value).matches()) {
                    problems.error(item, path, quote(value) + " (expected: an E.164 prefix like +49900)");
                } else {
                    prefixes.add(value);
                }
            }
        }
        return prefixes;
    }
}

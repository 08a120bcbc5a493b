package org.sbc.policies.internal;

import static org.sbc.policies.yaml.YamlErrors.quote;
import static org.sbc.policies.yaml.YamlMapping.describe;
import static org.sbc.policies.yaml.YamlMapping.isNull;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a rule's {@code match} mapping into conditions. Problems go to {@link Problems} and the
 * reader carries on, so one run reports every bad condition of every rule.
 */
public final class ConditionReader {

    /** An inline list longer than this belongs in {@code lists:}; it also bounds match cost. */
    public static final int MAX_INLINE_VALUES = 1_000;
    /** A value to compare with; SIP users and hosts are far shorter. */
    public static final int MAX_VALUE_CHARS = 256;

    static final String NOT = "not";
    private static final List<String> TEXT_OPERATORS = List.of("exact", "prefix", "suffix", "regex", "range", NOT);
    private static final List<String> ENUM_OPERATORS = List.of("exact", NOT);
    private static final List<String> SOURCE_OPERATORS = List.of("cidr", "not_cidr", NOT);
    private static final List<String> TIME_KEYS = List.of("days", "hours", "zone");
    private static final List<String> SIDES = List.of("outside", "inside");
    private static final List<String> TRANSPORTS = List.of("udp", "tcp", "tls", "ws", "wss");
    /** RFC 3261 §25.1 token; header names are tokens. */
    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9.!%*_+`'~-]{1,64}");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z0-9_-]{0,31}");
    private static final Pattern HOURS = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)-([01]\\d|2[0-4]):([0-5]\\d)");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,18})(?:-(\\d{1,18}))?");
    private static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private final Problems problems;
    private final Map<String, List<String>> lists;
    private final Map<String, List<IpPrefix>> cidrSets;

    public ConditionReader(Problems problems, Map<String, List<String>> lists, Map<String, List<IpPrefix>> cidrSets) {
        this.problems = problems;
        this.lists = lists;
        this.cidrSets = cidrSets;
    }

    /** The conditions of a {@code match} mapping; empty for {@code {}} (every request). */
    public List<Condition> match(Node node, String path) {
        List<String> keys = new ArrayList<>(Field.keys());
        keys.add(NOT);
        YamlMapping mapping = YamlMapping.of(node, path, problems,
                key -> key.equals(NOT) || Field.ofKey(key).isPresent(), keys);
        List<Condition> conditions = new ArrayList<>();
        mapping.entries().forEach((key, tuple) -> {
            Node value = tuple.getValueNode();
            String at = mapping.pathOf(key);
            if (key.equals(NOT)) {
                negation(match(value, at), value, at).ifPresent(conditions::add);
                return;
            }
            Field field = Field.ofKey(key).orElseThrow();
            String name = field.isNamed() ? key.substring(field.key().length()) : null;
            if (field == Field.HEADER && !TOKEN.matcher(name).matches()) {
                problems.error(tuple.getKeyNode(), at, quote(name) + " (expected: a header name, e.g. header.X-Tenant)");
                return;
            }
            if (field == Field.LABEL && !LABEL_NAME.matcher(name).matches()) {
                problems.error(tuple.getKeyNode(), at, quote(name)
                        + " (expected: a label name of a-z, 0-9, _ and -, e.g. label.country)");
                return;
            }
            conditions.addAll(field(field, field == Field.HEADER ? name.toLowerCase(Locale.ROOT) : name, value, at));
        });
        return conditions;
    }

    private Optional<Condition> negation(List<Condition> inner, Node node, String path) {
        if (inner.isEmpty()) {
            // An inner condition that failed to read was reported already; only an empty one is new.
            if (isNull(node) || (node instanceof MappingNode map && map.getValue().isEmpty())) {
                problems.error(node, path, "nothing to negate (expected: at least one condition)");
            }
            return Optional.empty();
        }
        return Optional.of(new NotCondition(inner.size() == 1 ? inner.get(0) : new AllCondition(inner)));
    }

    private List<Condition> field(Field field, String name, Node node, String path) {
        switch (field.kind()) {
            case FLAG -> {
                return YamlMapping.bool(node, path, problems).<List<Condition>>map(
                        b -> List.of(new FlagCondition(field, b))).orElse(List.of());
            }
            case TIME -> {
                return time(node, path).<List<Condition>>map(List::of).orElse(List.of());
            }
            case ADDRESS -> {
                if (!(node instanceof MappingNode)) {
                    return cidr(node, path, false).<List<Condition>>map(List::of).orElse(List.of());
                }
                return operators(field, name, node, path, SOURCE_OPERATORS);
            }
            default -> {
                if (!(node instanceof MappingNode)) {
                    return exact(field, name, node, path).<List<Condition>>map(List::of).orElse(List.of());
                }
                return operators(field, name, node, path, field.kind() == Field.Kind.ENUM ? ENUM_OPERATORS : TEXT_OPERATORS);
            }
        }
    }

    /** {@code { prefix: [...], not: {...} }}: each operator is one condition; all must hold. */
    private List<Condition> operators(Field field, String name, Node node, String path, List<String> known) {
        YamlMapping mapping = YamlMapping.of(node, path, problems, known::contains, known);
        if (isNull(node) || (node instanceof MappingNode map && map.getValue().isEmpty())) {
            problems.error(node, path, "no operator (expected: one of " + String.join(", ", known) + ")");
        }
        List<Condition> conditions = new ArrayList<>();
        mapping.entries().forEach((op, tuple) -> {
            Node value = tuple.getValueNode();
            String at = mapping.pathOf(op);
            Optional<Condition> condition = switch (op) {
                case NOT -> negation(field(field, name, value, at), value, at);
                case "exact" -> exact(field, name, value, at);
                case "prefix" -> operands(field, value, at).map(o -> new TextCondition(field, name, new TextMatcher.Prefix(o)));
                case "suffix" -> operands(field, value, at).map(o -> new TextCondition(field, name, new TextMatcher.Suffix(o)));
                case "regex" -> regex(value, at).map(r -> new TextCondition(field, name, new TextMatcher.Regex(r)));
                case "range" -> ranges(value, at).map(r -> new TextCondition(field, name, new TextMatcher.Range(r)));
                case "cidr" -> cidr(value, at, false);
                case "not_cidr" -> cidr(value, at, true);
                default -> throw new IllegalStateException("operator: " + op);
            };
            condition.ifPresent(conditions::add);
        });
        return conditions;
    }

    private Optional<Condition> exact(Field field, String name, Node node, String path) {
        return operands(field, node, path).flatMap(values -> {
            for (Operand value : values) {
                Optional<String> problem = checkEnumValue(field, value.value());
                if (problem.isPresent()) {
                    problems.error(node, path, problem.get());
                    return Optional.empty();
                }
            }
            return Optional.of(new TextCondition(field, name, TextMatcher.Exact.of(values)));
        });
    }

    private static Optional<String> checkEnumValue(Field field, String value) {
        return switch (field) {
            case METHOD -> METHOD.matcher(value).matches() ? Optional.empty() : Optional.of(quote(value)
                    + " (expected: a SIP method in upper case, e.g. INVITE; methods are case-sensitive)");
            case SIDE -> SIDES.contains(value) ? Optional.empty()
                    : Optional.of(YamlMapping.unknownNameMessage("side", value, SIDES));
            case TRANSPORT -> TRANSPORTS.contains(value) ? Optional.empty()
                    : Optional.of(YamlMapping.unknownNameMessage("transport", value, TRANSPORTS));
            default -> Optional.empty();
        };
    }

    /** A scalar or a list of scalars; {@code $name} items expand a named list. */
    private Optional<List<Operand>> operands(Field field, Node node, String path) {
        List<Node> items = node instanceof SequenceNode ? YamlMapping.sequence(node, path, MAX_INLINE_VALUES, problems)
                .orElse(null) : List.of(node);
        if (items == null) {
            return Optional.empty();
        }
        if (items.isEmpty()) {
            problems.error(node, path, "empty list (expected: at least one value)");
            return Optional.empty();
        }
        List<Operand> operands = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String at = node instanceof SequenceNode ? path + "[" + i + "]" : path;
            Optional<String> text = YamlMapping.string(item, at, MAX_VALUE_CHARS, problems);
            if (text.isEmpty()) {
                ok = false;
                continue;
            }
            if (text.get().startsWith("$")) {
                String listName = text.get().substring(1);
                List<String> values = lists.get(listName);
                if (values == null) {
                    problems.error(item, at, cidrSets.containsKey(listName)
                            ? quote(text.get()) + " is a CIDR set (expected: a list of strings from lists:)"
                            : YamlMapping.unknownNameMessage("list", text.get(),
                                    lists.keySet().stream().sorted().map(n -> "$" + n).toList()));
                    ok = false;
                    continue;
                }
                values.forEach(v -> operands.add(new Operand(fold(field, v), listName)));
            } else {
                operands.add(new Operand(fold(field, text.get()), null));
            }
        }
        return ok ? Optional.of(operands) : Optional.empty();
    }

    private static String fold(Field field, String value) {
        return field.foldsCase() ? value.toLowerCase(Locale.ROOT) : value;
    }

    private Optional<BoundedRegex> regex(Node node, String path) {
        return YamlMapping.string(node, path, BoundedRegex.MAX_SOURCE_CHARS, problems).flatMap(source -> {
            try {
                return Optional.of(BoundedRegex.compile(source));
            } catch (InvalidValueException e) {
                problems.error(node, path, e.getMessage());
                return Optional.empty();
            }
        });
    }

    private Optional<List<TextMatcher.NumberRange>> ranges(Node node, String path) {
        List<Node> items = node instanceof SequenceNode
                ? YamlMapping.sequence(node, path, MAX_INLINE_VALUES, problems).orElse(null) : List.of(node);
        if (items == null || items.isEmpty()) {
            if (items != null) {
                problems.error(node, path, "empty list (expected: at least one range)");
            }
            return Optional.empty();
        }
        List<TextMatcher.NumberRange> ranges = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String at = node instanceof SequenceNode ? path + "[" + i + "]" : path;
            String text = item instanceof ScalarNode scalar && !isNull(item) ? scalar.getValue() : null;
            Matcher m = text == null ? null : RANGE.matcher(text);
            if (m == null || !m.matches()) {
                problems.error(item, at, (text == null ? describe(item) : quote(text))
                        + " (expected: a number range like 2000-2999, or one number)");
                return Optional.empty();
            }
            long min = Long.parseLong(m.group(1));
            long max = m.group(2) == null ? min : Long.parseLong(m.group(2));
            if (min > max) {
                problems.error(item, at, quote(text) + " (expected: the lower bound first)");
                return Optional.empty();
            }
            ranges.add(new TextMatcher.NumberRange(min, max));
        }
        return Optional.of(ranges);
    }

    private Optional<Condition> cidr(Node node, String path, boolean negated) {
        List<Node> items = node instanceof SequenceNode
                ? YamlMapping.sequence(node, path, MAX_INLINE_VALUES, problems).orElse(null) : List.of(node);
        if (items == null) {
            return Optional.empty();
        }
        if (items.isEmpty()) {
            problems.error(node, path, "empty list (expected: at least one address or CIDR)");
            return Optional.empty();
        }
        List<IpPrefix> networks = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String at = node instanceof SequenceNode ? path + "[" + i + "]" : path;
            Optional<String> text = YamlMapping.string(item, at, MAX_VALUE_CHARS, problems);
            if (text.isEmpty()) {
                ok = false;
            } else if (text.get().startsWith("$")) {
                List<IpPrefix> set = cidrSets.get(text.get().substring(1));
                if (set == null) {
                    problems.error(item, at, lists.containsKey(text.get().substring(1))
                            ? quote(text.get()) + " is a list of strings (expected: a CIDR set from cidr_sets:)"
                            : YamlMapping.unknownNameMessage("CIDR set", text.get(),
                                    cidrSets.keySet().stream().sorted().map(n -> "$" + n).toList()));
                    ok = false;
                } else {
                    networks.addAll(set);
                }
            } else {
                try {
                    networks.add(network(text.get()));
                } catch (InvalidValueException e) {
                    problems.error(item, at, e.getMessage());
                    ok = false;
                }
            }
        }
        return ok ? Optional.of(new SourceCondition(CidrSet.of(networks), negated)) : Optional.empty();
    }

    /** {@code { days: [mon-fri], hours: "08:00-18:00", zone: Europe/Berlin }}. */
    private Optional<Condition> time(Node node, String path) {
        if (!(node instanceof MappingNode)) {
            problems.error(node, path, "expected a mapping with days, hours and zone, got " + describe(node));
            return Optional.empty();
        }
        YamlMapping mapping = YamlMapping.of(node, path, problems, TIME_KEYS::contains, TIME_KEYS);
        boolean ok = true;
        Optional<ZoneId> zone = Optional.empty();
        if (!mapping.has("zone")) {
            // The server's zone would make one policy mean different hours on different nodes.
            problems.error(node, path, "missing key 'zone' (expected: a time zone such as Europe/Berlin or UTC)");
            ok = false;
        } else {
            zone = mapping.string("zone", 64).flatMap(text -> {
                try {
                    return Optional.of(ZoneId.of(text));
                } catch (DateTimeException e) {
                    problems.error(mapping.value("zone").orElseThrow(), mapping.pathOf("zone"),
                            quote(text) + " (expected: a time zone such as Europe/Berlin or UTC)");
                    return Optional.empty();
                }
            });
            ok &= zone.isPresent();
        }
        if (!mapping.has("days") && !mapping.has("hours")) {
            problems.error(node, path, "no days and no hours (expected: at least one of them)");
            ok = false;
        }
        Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
        if (mapping.has("days")) {
            Optional<Set<DayOfWeek>> read = days(mapping.value("days").orElseThrow(), mapping.pathOf("days"));
            ok &= read.isPresent();
            days = read.orElse(days);
        }
        List<TimeCondition.HourWindow> hours = List.of();
        if (mapping.has("hours")) {
            Optional<List<TimeCondition.HourWindow>> read = hours(mapping.value("hours").orElseThrow(),
                    mapping.pathOf("hours"));
            ok &= read.isPresent();
            hours = read.orElse(hours);
        }
        return ok ? Optional.of(new TimeCondition(days, hours, zone.orElseThrow())) : Optional.empty();
    }

    private Optional<Set<DayOfWeek>> days(Node node, String path) {
        List<Node> items = node instanceof SequenceNode
                ? YamlMapping.sequence(node, path, 7, problems).orElse(null) : List.of(node);
        if (items == null || items.isEmpty()) {
            if (items != null) {
                problems.error(node, path, "empty list (expected: days such as mon-fri or [sat, sun])");
            }
            return Optional.empty();
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String at = node instanceof SequenceNode ? path + "[" + i + "]" : path;
            String text = item instanceof ScalarNode scalar && !isNull(item) ? scalar.getValue().toLowerCase(Locale.ROOT) : "";
            String[] ends = text.split("-", -1);
            int from = ends.length <= 2 ? DAY_NAMES.indexOf(ends[0]) : -1;
            int to = ends.length == 2 ? DAY_NAMES.indexOf(ends[1]) : from;
            if (from < 0 || to < 0) {
                problems.error(item, at, (item instanceof ScalarNode && !isNull(item) ? quote(text) : describe(item))
                        + " (expected: a day mon..sun or a range such as mon-fri)");
                return Optional.empty();
            }
            // A range may wrap the week: fri-mon is fri, sat, sun, mon.
            for (int d = from; ; d = (d + 1) % 7) {
                days.add(DayOfWeek.of(d + 1));
                if (d == to) {
                    break;
                }
            }
        }
        return Optional.of(days);
    }

    private Optional<List<TimeCondition.HourWindow>> hours(Node node, String path) {
        List<Node> items = node instanceof SequenceNode
                ? YamlMapping.sequence(node, path, 24, problems).orElse(null) : List.of(node);
        if (items == null || items.isEmpty()) {
            if (items != null) {
                problems.error(node, path, "empty list (expected: windows such as 08:00-18:00)");
            }
            return Optional.empty();
        }
        List<TimeCondition.HourWindow> windows = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String at = node instanceof SequenceNode ? path + "[" + i + "]" : path;
            String text = item instanceof ScalarNode scalar && !isNull(item) ? scalar.getValue() : null;
            Matcher m = text == null ? null : HOURS.matcher(text);
            if (m == null || !m.matches()) {
                problems.error(item, at, (text == null ? describe(item) : quote(text))
                        + " (expected: a window HH:MM-HH:MM such as 08:00-18:00, end exclusive, up to 24:00)");
                return Optional.empty();
            }
            int start = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
            int end = Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4));
            if (end > 24 * 60 || start == end) {
                problems.error(item, at, quote(text) + (start == end
                        ? " is empty (expected: different start and end; leave hours out for the whole day)"
                        : " (expected: an end of at most 24:00)"));
                return Optional.empty();
            }
            windows.add(new TimeCondition.HourWindow(start, end));
        }
        return Optional.of(windows);
    }

    /** An address or CIDR of a policy (threat-feeds' parser: literals only, no host bits below the prefix). */
    static IpPrefix network(String text) throws InvalidValueException {
        try {
            return IpPrefix.parseOrThrow(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(quote(text) + " " + e.getMessage());
        }
    }
}

package org.sbc.policies.yaml;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed, positioned reads from one YAML mapping. Every problem is recorded in the shared
 * {@link YamlErrors} and the read returns empty, so a caller keeps going and the user sees all
 * errors at once; a value that was given but bad is never replaced by a default.
 *
 * <p>Instance reads take a key of this mapping; the static ones read a node the caller already
 * holds (a list item, a value whose form depends on its type) at a path the caller names.
 */
public final class YamlMapping {

    /** Parses the text of a scalar, or says what is wrong with it. */
    @FunctionalInterface
    public interface ValueParser<T> {
        T parse(String text) throws InvalidValueException;
    }

    private final String path;
    private final YamlErrors errors;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMapping(String path, YamlErrors errors) {
        this.path = path;
        this.errors = errors;
    }

    /**
     * Reads a mapping that may hold only {@code knownKeys}. Unknown keys (with a suggestion) and
     * duplicate keys are reported here, at the key. Each key may be written once, known or not:
     * an unknown key written twice is reported as unknown, then as a duplicate. An empty value
     * ({@code limits:} with every key commented out) counts as an empty mapping.
     */
    public static YamlMapping of(Node node, String path, YamlErrors errors, List<String> knownKeys) {
        return read(node, path, errors, knownKeys::contains, knownKeys, true);
    }

    /**
     * Reads a mapping whose keys pass {@code accepted}; {@code suggestions} feed "did you mean"
     * for the ones that do not. A key that is not accepted is left out as soon as it is reported,
     * so each place it is written is reported as unknown (never as a duplicate). An empty value
     * counts as an empty mapping.
     */
    public static YamlMapping of(Node node, String path, YamlErrors errors, Predicate<String> accepted,
            List<String> suggestions) {
        return read(node, path, errors, accepted, suggestions, false);
    }

    private static YamlMapping read(Node node, String path, YamlErrors errors, Predicate<String> accepted,
            List<String> suggestions, boolean repeatedUnknownIsDuplicate) {
        YamlMapping mapping = new YamlMapping(path, errors);
        if (isNull(node)) {
            return mapping;
        }
        if (!(node instanceof MappingNode map)) {
            errors.error(node, path, "expected a mapping, got " + describe(node));
            return mapping;
        }
        for (NodeTuple tuple : map.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
                errors.error(keyNode, path, "expected a key name, got " + describe(keyNode));
                continue;
            }
            String key = scalar.getValue();
            NodeTuple first = mapping.entries.putIfAbsent(key, tuple);
            if (first != null) {
                int firstLine = YamlErrors.line(first.getKeyNode().getStartMark());
                errors.error(keyNode, mapping.pathOf(key),
                        "duplicate key " + quote(key) + " (expected: each key once; first at line " + firstLine + ")");
            } else if (!accepted.test(key)) {
                errors.error(keyNode, mapping.pathOf(key), unknownKeyMessage(key, suggestions));
                if (!repeatedUnknownIsDuplicate) {
                    mapping.entries.remove(key);
                }
            }
        }
        // Unknown keys stayed among the entries only to be found again as duplicates.
        mapping.entries.keySet().removeIf(accepted.negate());
        return mapping;
    }

    public String path() {
        return path;
    }

    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The accepted keys in file order. */
    public Map<String, NodeTuple> entries() {
        return entries;
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public Optional<Node> value(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    public Optional<Node> keyNode(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getKeyNode);
    }

    /** The mapping under {@code key}, which may hold only {@code knownKeys}. */
    public Optional<YamlMapping> mapping(String key, List<String> knownKeys) {
        return value(key).map(node -> of(node, pathOf(key), errors, knownKeys));
    }

    /** The list under {@code key}; an empty value is an empty list. */
    public Optional<List<Node>> sequence(String key, int maxItems) {
        return value(key).flatMap(node -> sequence(node, pathOf(key), maxItems, errors));
    }

    /** A list of at most {@code maxItems}; an empty value is an empty list. */
    public static Optional<List<Node>> sequence(Node node, String path, int maxItems, YamlErrors errors) {
        if (isNull(node)) {
            return Optional.of(List.of());
        }
        if (!(node instanceof SequenceNode sequence)) {
            errors.error(node, path, "expected a list, got " + describe(node));
            return Optional.empty();
        }
        if (sequence.getValue().size() > maxItems) {
            errors.error(node, path, sequence.getValue().size() + " entries (expected: at most " + maxItems + ")");
            return Optional.empty();
        }
        return Optional.of(sequence.getValue());
    }

    /** A free-text value; an empty value reads as the empty string. */
    public Optional<String> string(String key) {
        Optional<Node> value = value(key);
        if (value.isEmpty() || isNull(value.get())) {
            return value.map(node -> "");
        }
        if (!(value.get() instanceof ScalarNode scalar)) {
            errors.error(value.get(), pathOf(key), "expected a string, got " + describe(value.get()));
            return Optional.empty();
        }
        return Optional.of(scalar.getValue());
    }

    /** A non-empty text value of at most {@code maxChars}. */
    public Optional<String> string(String key, int maxChars) {
        return value(key).flatMap(node -> string(node, pathOf(key), maxChars, errors));
    }

    /** A non-empty text value of at most {@code maxChars}. */
    public static Optional<String> string(Node node, String path, int maxChars, YamlErrors errors) {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            errors.error(node, path, "expected a string, got " + describe(node));
            return Optional.empty();
        }
        String text = scalar.getValue();
        if (text.isEmpty() || text.length() > maxChars) {
            errors.error(node, path, quote(text) + " (expected: 1.." + maxChars + " characters)");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** A plain decimal integer in {@code min..max}, with where it was written. */
    public Optional<Located<Integer>> integer(String key, int min, int max) {
        return value(key).flatMap(node -> integer(node, pathOf(key), min, max, errors)
                .map(number -> Located.at((int) number.longValue(), node, pathOf(key))));
    }

    /**
     * The integer under {@code key}, or {@code byDefault} when it is absent or bad: a bad value is
     * already reported, and the default only keeps the reading going.
     */
    public int integerOr(String key, int min, int max, int byDefault) {
        return integer(key, min, max).map(Located::value).orElse(byDefault);
    }

    /** A plain decimal integer in {@code min..max}, for ranges wider than an int. */
    public Optional<Long> longInteger(String key, long min, long max) {
        return value(key).flatMap(node -> integer(node, pathOf(key), min, max, errors));
    }

    /** A plain decimal integer in {@code min..max}. */
    public static Optional<Long> integer(Node node, String path, long min, long max, YamlErrors errors) {
        if (!(node instanceof ScalarNode scalar) || isNull(node) || !scalar.isPlain()
                || !scalar.getTag().equals(Tag.INT)) {
            errors.error(node, path, "expected an integer, got " + describe(node));
            return Optional.empty();
        }
        String text = scalar.getValue();
        if (!text.matches("[-+]?[0-9]{1,18}")) {
            // Core schema also reads 0x1F and 0o17 as integers; a number written so is a puzzle.
            String problem = text.matches("[-+]?[0-9]+") ? " out of range" : "";
            errors.error(node, path, quote(text) + problem + " (expected: a decimal integer " + min + ".." + max + ")");
            return Optional.empty();
        }
        long number = Long.parseLong(text);
        if (number < min || number > max) {
            errors.error(node, path, number + " out of range (expected: " + min + ".." + max + ")");
            return Optional.empty();
        }
        return Optional.of(number);
    }

    /** {@code true} or {@code false} under {@code key}, with where it was written. */
    public Optional<Located<Boolean>> bool(String key) {
        return value(key).flatMap(node -> bool(node, pathOf(key), errors)
                .map(flag -> Located.at(flag, node, pathOf(key))));
    }

    /** {@code true} or {@code false}, unquoted; anything else (yes, on, 1, "true") is an error. */
    public static Optional<Boolean> bool(Node node, String path, YamlErrors errors) {
        if (!(node instanceof ScalarNode scalar) || !scalar.isPlain() || !scalar.getTag().equals(Tag.BOOL)) {
            errors.error(node, path, "expected true or false, got " + describe(node));
            return Optional.empty();
        }
        return Optional.of(Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT)));
    }

    /** Every item of the list under {@code key} through {@code parser}; bad items are reported. */
    public <T> Optional<List<T>> items(String key, int maxItems, String form, ValueParser<T> parser) {
        return sequence(key, maxItems).map(nodes -> {
            List<T> values = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                parseScalar(nodes.get(i), pathOf(key) + "[" + i + "]", form, parser, errors)
                        .ifPresent(v -> values.add(v.value()));
            }
            return values;
        });
    }

    /** A scalar under {@code key} in a structured text form, such as a listen entry. */
    public <T> Optional<Located<T>> parsed(String key, String form, ValueParser<T> parser) {
        return value(key).flatMap(node -> parseScalar(node, pathOf(key), form, parser, errors));
    }

    /** Reads one scalar (a mapping value or a list item) through {@code parser}. */
    public static <T> Optional<Located<T>> parseScalar(
            Node node, String path, String form, ValueParser<T> parser, YamlErrors errors) {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            errors.error(node, path, "expected a string like " + form + ", got " + describe(node));
            return Optional.empty();
        }
        try {
            return Optional.of(Located.at(parser.parse(scalar.getValue()), node, path));
        } catch (InvalidValueException e) {
            errors.error(node, path, e.getMessage());
            return Optional.empty();
        }
    }

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** What a node is, as the second half of "expected X, got Y". */
    public static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        ScalarNode scalar = (ScalarNode) node;
        String kind = !scalar.isPlain() ? "a string"
                : scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT) ? "a number"
                : scalar.getTag().equals(Tag.BOOL) ? "a boolean"
                : "a string";
        return kind + " " + quote(scalar.getValue());
    }

    public static String unknownKeyMessage(String key, List<String> knownKeys) {
        return unknownNameMessage("key", key, knownKeys);
    }

    /** {@code unknown KIND 'x' (did you mean 'y'?)}, or the full list when nothing is close. */
    public static String unknownNameMessage(String kind, String name, List<String> known) {
        return KeySuggestion.closest(name, known)
                .map(suggestion -> "unknown " + kind + " " + quote(name) + " (did you mean " + quote(suggestion) + "?)")
                .orElseGet(() -> "unknown " + kind + " " + quote(name) + " (expected: "
                        + (known.isEmpty() ? "none defined" : "one of " + String.join(", ", known)) + ")");
    }
}

package org.sbc.policies.internal;

import static org.sbc.policies.internal.Problems.quote;

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
 * {@link Problems} and the read returns empty, so a caller keeps going and the user sees all
 * problems at once; a value that was given but bad is never replaced by a default.
 */
public final class YamlMapping {

    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMapping(String path, Problems problems) {
        this.path = path;
        this.problems = problems;
    }

    /**
     * Reads a mapping that may hold only {@code knownKeys}. Unknown keys (with a suggestion) and
     * duplicate keys are reported here, at the key.
     */
    public static YamlMapping of(Node node, String path, Problems problems, List<String> knownKeys) {
        return of(node, path, problems, knownKeys::contains, knownKeys);
    }

    /**
     * Reads a mapping whose keys pass {@code accepted}; {@code suggestions} feed "did you mean"
     * for the ones that do not. An empty value counts as an empty mapping.
     */
    public static YamlMapping of(Node node, String path, Problems problems, Predicate<String> accepted,
            List<String> suggestions) {
        YamlMapping mapping = new YamlMapping(path, problems);
        if (isNull(node)) {
            return mapping;
        }
        if (!(node instanceof MappingNode map)) {
            problems.error(node, path, "expected a mapping, got " + describe(node));
            return mapping;
        }
        for (NodeTuple tuple : map.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
                problems.error(keyNode, path, "expected a key name, got " + describe(keyNode));
                continue;
            }
            String key = scalar.getValue();
            NodeTuple first = mapping.entries.putIfAbsent(key, tuple);
            if (first != null) {
                int firstLine = first.getKeyNode().getStartMark().map(m -> m.getLine() + 1).orElse(1);
                problems.error(keyNode, mapping.pathOf(key),
                        "duplicate key " + quote(key) + " (expected: each key once; first at line " + firstLine + ")");
            } else if (!accepted.test(key)) {
                problems.error(keyNode, mapping.pathOf(key), unknownKeyMessage(key, suggestions));
                mapping.entries.remove(key);
            }
        }
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

    /** The list under {@code key}; an empty value is an empty list. */
    public Optional<List<Node>> sequence(String key, int maxItems) {
        return value(key).flatMap(node -> sequence(node, pathOf(key), maxItems, problems));
    }

    public static Optional<List<Node>> sequence(Node node, String path, int maxItems, Problems problems) {
        if (isNull(node)) {
            return Optional.of(List.of());
        }
        if (!(node instanceof SequenceNode sequence)) {
            problems.error(node, path, "expected a list, got " + describe(node));
            return Optional.empty();
        }
        if (sequence.getValue().size() > maxItems) {
            problems.error(node, path, sequence.getValue().size() + " entries (expected: at most " + maxItems + ")");
            return Optional.empty();
        }
        return Optional.of(sequence.getValue());
    }

    /** A non-empty text value of at most {@code maxChars}. */
    public Optional<String> string(String key, int maxChars) {
        return value(key).flatMap(node -> string(node, pathOf(key), maxChars, problems));
    }

    public static Optional<String> string(Node node, String path, int maxChars, Problems problems) {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            problems.error(node, path, "expected a string, got " + describe(node));
            return Optional.empty();
        }
        String text = scalar.getValue();
        if (text.isEmpty() || text.length() > maxChars) {
            problems.error(node, path, quote(text) + " (expected: 1.." + maxChars + " characters)");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** A plain decimal integer in {@code min..max}. */
    public Optional<Long> integer(String key, long min, long max) {
        return value(key).flatMap(node -> integer(node, pathOf(key), min, max, problems));
    }

    public static Optional<Long> integer(Node node, String path, long min, long max, Problems problems) {
        if (!(node instanceof ScalarNode scalar) || isNull(node) || !scalar.isPlain()
                || !scalar.getTag().equals(Tag.INT)) {
            problems.error(node, path, "expected an integer, got " + describe(node));
            return Optional.empty();
        }
        String text = scalar.getValue();
        if (!text.matches("[-+]?[0-9]{1,18}")) {
            // Core schema also reads 0x1F and 0o17 as integers; a number written so is a puzzle.
            String problem = text.matches("[-+]?[0-9]+") ? " out of range" : "";
            problems.error(node, path, quote(text) + problem + " (expected: a decimal integer " + min + ".." + max + ")");
            return Optional.empty();
        }
        long number = Long.parseLong(text);
        if (number < min || number > max) {
            problems.error(node, path, number + " out of range (expected: " + min + ".." + max + ")");
            return Optional.empty();
        }
        return Optional.of(number);
    }

    /** {@code true} or {@code false}, unquoted; anything else (yes, on, 1, "true") is an error. */
    public static Optional<Boolean> bool(Node node, String path, Problems problems) {
        if (!(node instanceof ScalarNode scalar) || !scalar.isPlain() || !scalar.getTag().equals(Tag.BOOL)) {
            problems.error(node, path, "expected true or false, got " + describe(node));
            return Optional.empty();
        }
        return Optional.of(Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT)));
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

package org.sbc.core.config.yaml;

import static org.sbc.core.config.yaml.ConfigErrors.quote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed, positioned reads from one YAML mapping. Every problem is recorded in the shared
 * {@link ConfigErrors} and the read returns empty, so a caller keeps going and the user sees all
 * errors at once; the caller never substitutes a default for a value that was given but bad.
 */
public final class YamlMapping {

    /** Parses the text of a scalar, or says what is wrong with it. */
    @FunctionalInterface
    public interface ValueParser<T> {
        T parse(String text) throws InvalidValueException;
    }

    private final String path;
    private final ConfigErrors errors;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMapping(String path, ConfigErrors errors) {
        this.path = path;
        this.errors = errors;
    }

    /**
     * Reads a mapping that may hold only {@code knownKeys}. Unknown keys (with a suggestion) and
     * duplicate keys are reported here, at the key. An empty value ({@code limits:} with every
     * key commented out) counts as an empty mapping.
     */
    public static YamlMapping of(Node node, String path, ConfigErrors errors, List<String> knownKeys) {
        YamlMapping mapping = new YamlMapping(path, errors);
        if (isNull(node)) {
            return mapping;
        }
        if (!(node instanceof MappingNode map)) {
            errors.add(node, path, "expected a mapping, got " + describe(node));
            return mapping;
        }
        for (NodeTuple tuple : map.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
                errors.add(keyNode, path, "expected a key name, got " + describe(keyNode));
                continue;
            }
            String key = scalar.getValue();
            NodeTuple first = mapping.entries.putIfAbsent(key, tuple);
            if (first != null) {
                int firstLine = first.getKeyNode().getStartMark().map(m -> m.getLine() + 1).orElse(1);
                errors.add(keyNode, mapping.pathOf(key),
                        "duplicate key " + quote(key) + " (expected: each key once; first at line " + firstLine + ")");
            } else if (!knownKeys.contains(key)) {
                errors.add(keyNode, mapping.pathOf(key), unknownKeyMessage(key, knownKeys));
            }
        }
        mapping.entries.keySet().retainAll(knownKeys);
        return mapping;
    }

    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public Optional<Node> value(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    public Optional<YamlMapping> mapping(String key, List<String> knownKeys) {
        return value(key).map(node -> of(node, pathOf(key), errors, knownKeys));
    }

    /** The list under {@code key}; an empty value is an empty list. */
    public Optional<List<Node>> sequence(String key, int maxItems) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Node node = value.get();
        if (isNull(node)) {
            return Optional.of(List.of());
        }
        if (!(node instanceof SequenceNode sequence)) {
            errors.add(node, pathOf(key), "expected a list, got " + describe(node));
            return Optional.empty();
        }
        if (sequence.getValue().size() > maxItems) {
            errors.add(node, pathOf(key),
                    sequence.getValue().size() + " entries (expected: at most " + maxItems + ")");
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
            errors.add(value.get(), pathOf(key), "expected a string, got " + describe(value.get()));
            return Optional.empty();
        }
        return Optional.of(scalar.getValue());
    }

    /** A plain decimal integer in {@code min..max}. */
    public Optional<Located<Integer>> integer(String key, int min, int max) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Node node = value.get();
        String path = pathOf(key);
        if (!(node instanceof ScalarNode scalar) || isNull(node) || !scalar.isPlain()
                || !scalar.getTag().equals(Tag.INT)) {
            errors.add(node, path, "expected an integer, got " + describe(node));
            return Optional.empty();
        }
        String text = scalar.getValue();
        if (!text.matches("[-+]?[0-9]{1,18}")) {
            // Core schema also reads 0x1F and 0o17 as integers; a limit written so is a puzzle.
            String problem = text.matches("[-+]?[0-9]+") ? " out of range" : "";
            errors.add(node, path, quote(text) + problem + " (expected: a decimal integer " + min + ".." + max + ")");
            return Optional.empty();
        }
        long number = Long.parseLong(text);
        if (number < min || number > max) {
            errors.add(node, path, number + " out of range (expected: " + min + ".." + max + ")");
            return Optional.empty();
        }
        return Optional.of(Located.at((int) number, node, path));
    }

    /**
     * The integer under {@code key}, or {@code byDefault} when it is absent or bad: a bad value is
     * already reported, and the default only keeps the reading going.
     */
    public int integerOr(String key, int min, int max, int byDefault) {
        return integer(key, min, max).map(Located::value).orElse(byDefault);
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

    /** {@code true} or {@code false}, unquoted; anything else (yes, on, 1, "true") is an error. */
    public Optional<Located<Boolean>> bool(String key) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Node node = value.get();
        if (!(node instanceof ScalarNode scalar) || !scalar.isPlain() || !scalar.getTag().equals(Tag.BOOL)) {
            errors.add(node, pathOf(key), "expected true or false, got " + describe(node));
            return Optional.empty();
        }
        return Optional.of(Located.at(Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT)),
                node, pathOf(key)));
    }

    /** A scalar under {@code key} in a structured text form, such as a listen entry. */
    public <T> Optional<Located<T>> parsed(String key, String form, ValueParser<T> parser) {
        return value(key).flatMap(node -> parseScalar(node, pathOf(key), form, parser, errors));
    }

    /** Reads one scalar (a mapping value or a list item) through {@code parser}. */
    public static <T> Optional<Located<T>> parseScalar(
            Node node, String path, String form, ValueParser<T> parser, ConfigErrors errors) {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            errors.add(node, path, "expected a string like " + form + ", got " + describe(node));
            return Optional.empty();
        }
        try {
            return Optional.of(Located.at(parser.parse(scalar.getValue()), node, path));
        } catch (InvalidValueException e) {
            errors.add(node, path, e.getMessage());
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

    private static String unknownKeyMessage(String key, List<String> knownKeys) {
        return KeySuggestion.closest(key, knownKeys)
                .map(suggestion -> "unknown key " + quote(key) + " (did you mean " + quote(suggestion) + "?)")
                .orElseGet(() -> "unknown key " + quote(key) + " (expected: one of " + String.join(", ", knownKeys) + ")");
    }
}

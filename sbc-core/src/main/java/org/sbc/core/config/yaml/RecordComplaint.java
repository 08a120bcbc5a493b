package org.sbc.core.config.yaml;

import java.util.Optional;
import java.util.function.Supplier;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A config record's own check failed: its {@link IllegalArgumentException} message starts with
 * the YAML key it is about ({@code "max_seconds: 5 (expected: 600..31536000)"}), so the error can
 * land at that key.
 */
public final class RecordComplaint {

    private RecordComplaint() {}

    /** The key a record's message names, or empty when it names none. */
    public static String keyOf(String message) {
        int colon = message.indexOf(": ");
        return colon < 0 ? "" : message.substring(0, colon);
    }

    /** The message without its key. */
    public static String problemOf(String message) {
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }

    /**
     * Builds a record of {@code section}; when its cross-field checks fail, the error goes at the
     * key the message names when the user wrote it, else at the section, and {@code byDefault}
     * keeps the reading going.
     */
    public static <T> T build(YamlMapping section, ConfigErrors errors, T byDefault, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String key = keyOf(message);
            Optional<Node> node = section.value(key);
            String path = node.isPresent() ? section.pathOf(key) : section.pathOf("").replaceAll("\\.$", "");
            String problem = problemOf(message);
            errors.add(node.flatMap(Node::getStartMark), path, (node.isPresent() ? "" : key + ": ") + problem);
            return byDefault;
        }
    }
}

package org.sbc.policies.yaml;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A value read in stage 1, kept with where it came from so that stage 2 (cross-field checks) can
 * point at it. Embedded defaults have no node.
 */
public record Located<T>(T value, Optional<Node> node, String path) {

    public Located {
        requireNonNull(value, "value");
        requireNonNull(node, "node");
        requireNonNull(path, "path");
    }

    public static <T> Located<T> at(T value, Node node, String path) {
        return new Located<>(value, Optional.of(node), path);
    }

    public static <T> Located<T> byDefault(T value, String path) {
        return new Located<>(value, Optional.empty(), path);
    }

    public boolean isWritten() {
        return node.isPresent();
    }

    /** How a message names this value's origin: its path, marked when nobody wrote it. */
    public String origin() {
        return isWritten() ? path : path + " (default)";
    }
}

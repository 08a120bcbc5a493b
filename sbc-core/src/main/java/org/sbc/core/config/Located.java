package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A value read in stage 1, kept with where it came from so that stage 2 (cross-field checks) can
 * point at it. Embedded defaults have no node.
 */
record Located<T>(T value, Optional<Node> node, String path) {

    Located {
        requireNonNull(value, "value");
        requireNonNull(node, "node");
        requireNonNull(path, "path");
    }

    static <T> Located<T> at(T value, Node node, String path) {
        return new Located<>(value, Optional.of(node), path);
    }

    static <T> Located<T> byDefault(T value, String path) {
        return new Located<>(value, Optional.empty(), path);
    }

    boolean isWritten() {
        return node.isPresent();
    }

    /** How a message names this value's origin: its path, marked when nobody wrote it. */
    String origin() {
        return isWritten() ? path : path + " (default)";
    }
}

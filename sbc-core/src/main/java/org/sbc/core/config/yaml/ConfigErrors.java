package org.sbc.core.config.yaml;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects the errors of one load, so that a user fixes a file in one pass rather than one
 * error per run.
 */
public final class ConfigErrors {

    /** A hostile or badly broken file could otherwise produce one error per alias or line. */
    public static final int MAX_ERRORS = 100;

    /** Values are echoed in messages; a 1 MiB scalar must not become a 1 MiB message. */
    private static final int MAX_QUOTED_CHARS = 80;

    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();
    private int dropped;

    public ConfigErrors(String file) {
        this.file = requireNonNull(file, "file");
    }

    public String file() {
        return file;
    }

    /** An error at the start of {@code node}; snakeyaml marks are 0-based, ours are 1-based. */
    public void add(Node node, String path, String message) {
        add(node.getStartMark(), path, message);
    }

    /** An error at a stage-1 value; an embedded default has no position and lands at 1:1. */
    public void add(Located<?> at, String message) {
        add(at.node().flatMap(Node::getStartMark), at.path(), message);
    }

    public void add(Optional<Mark> mark, String path, String message) {
        int line = mark.map(m -> m.getLine() + 1).orElse(1);
        int column = mark.map(m -> m.getColumn() + 1).orElse(1);
        add(line, column, path, message);
    }

    public void add(int line, int column, String path, String message) {
        if (errors.size() >= MAX_ERRORS) {
            dropped++;
            return;
        }
        errors.add(new ConfigError(file, line, column, path, message));
    }

    /** The errors of another file read as part of this config (a credentials file). */
    public void addAll(ConfigErrors other) {
        other.errors.forEach(e -> add(e.line(), e.column(), e.path(), e.message(), e.file()));
        dropped += other.dropped;
    }

    /** An error positioned in another file read as part of this config (a policy file). */
    public void addIn(String inFile, int line, int column, String path, String message) {
        add(line, column, path, message, inFile);
    }

    private void add(int line, int column, String path, String message, String inFile) {
        if (errors.size() >= MAX_ERRORS) {
            dropped++;
            return;
        }
        errors.add(new ConfigError(inFile, line, column, path, message));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() throws ConfigException {
        if (errors.isEmpty()) {
            return;
        }
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparing((ConfigError e) -> !e.file().equals(file)).thenComparing(ConfigError::file)
                .thenComparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
        if (dropped > 0) {
            ConfigError last = sorted.get(sorted.size() - 1);
            sorted.add(new ConfigError(file, last.line(), last.column(), "",
                    dropped + " more errors not shown (expected: at most " + MAX_ERRORS + ")"));
        }
        throw new ConfigException(sorted);
    }

    /**
     * A value as it may appear in a message: quoted, control characters escaped so a message
     * stays one line, long values cut.
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_QUOTED_CHARS) + 8).append('\'');
        int shown = 0;
        for (int i = 0; i < value.length(); i++) {
            if (shown == MAX_QUOTED_CHARS) {
                return out.append("...'").toString();
            }
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
            shown++;
        }
        return out.append('\'').toString();
    }
}

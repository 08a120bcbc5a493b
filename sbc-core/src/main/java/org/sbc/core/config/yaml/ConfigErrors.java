package org.sbc.core.config.yaml;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.YamlErrors;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects the errors of one config load, so that a user fixes a file in one pass rather than one
 * error per run. The shared YAML readers report here through {@link YamlErrors}; errors of other
 * files read as part of the config (credentials, a policy) keep their own file name and sort
 * after the config's own.
 */
public final class ConfigErrors implements YamlErrors {

    /** A hostile or badly broken file could otherwise produce one error per alias or line. */
    public static final int MAX_ERRORS = 100;

    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();
    private int dropped;

    public ConfigErrors(String file) {
        this.file = requireNonNull(file, "file");
    }

    @Override
    public String file() {
        return file;
    }

    /** An error at the start of {@code node}; {@code add} is the config readers' word for {@link #error}. */
    public void add(Node node, String path, String message) {
        error(node, path, message);
    }

    /** An error at a stage-1 value; an embedded default has no position and lands at 1:1. */
    public void add(Located<?> at, String message) {
        add(at.node().flatMap(Node::getStartMark), at.path(), message);
    }

    public void add(Optional<Mark> mark, String path, String message) {
        error(mark, path, message);
    }

    public void add(int line, int column, String path, String message) {
        add(line, column, path, message, file);
    }

    @Override
    public void error(int line, int column, String path, String message) {
        add(line, column, path, message, file);
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
}

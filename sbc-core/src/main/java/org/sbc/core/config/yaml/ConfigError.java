package org.sbc.core.config.yaml;

import static java.util.Objects.requireNonNull;

import org.sbc.policies.yaml.YamlErrors;

/**
 * One problem found in a config file, positioned so that an editor can jump to it.
 *
 * @param file the file name as given to the loader
 * @param line 1-based line of the offending node: the key for an unknown key, else the value
 * @param column 1-based column of the offending node
 * @param path the YAML path, e.g. {@code outside.listen[1]}; empty when the problem is the file
 *     itself (unreadable, too large, not YAML)
 * @param message the bad value first, then what was expected
 */
public record ConfigError(String file, int line, int column, String path, String message) {

    public ConfigError {
        requireNonNull(file, "file");
        requireNonNull(path, "path");
        requireNonNull(message, "message");
        YamlErrors.checkPosition(line, column);
    }

    /** {@code FILE:LINE:COLUMN: PATH: MESSAGE}, the form compilers use; no path part when empty. */
    @Override
    public String toString() {
        String position = file + ":" + line + ":" + column + ": ";
        return path.isEmpty() ? position + message : position + path + ": " + message;
    }
}

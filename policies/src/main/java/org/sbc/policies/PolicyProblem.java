package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import org.sbc.policies.yaml.YamlErrors;

/**
 * One problem found in a policy file, positioned so that an editor can jump to it. Errors stop a
 * policy from loading; warnings (an unreachable rule) do not.
 *
 * @param severity whether the policy can still be used
 * @param file the file name as given to the loader
 * @param line 1-based line of the offending node: the key for an unknown key, else the value
 * @param column 1-based column of the offending node
 * @param path the YAML path, e.g. {@code rules[2].match.ruri_user.prefix}; empty when the problem
 *     is the file itself (unreadable, too large, not YAML)
 * @param message the bad value first, then what was expected
 */
public record PolicyProblem(Severity severity, String file, int line, int column, String path, String message) {

    /** Whether a problem stops the policy from loading. */
    public enum Severity {
        ERROR,
        WARNING
    }

    public PolicyProblem {
        requireNonNull(severity, "severity");
        requireNonNull(file, "file");
        requireNonNull(path, "path");
        requireNonNull(message, "message");
        YamlErrors.checkPosition(line, column);
    }

    /**
     * {@code FILE:LINE:COLUMN: PATH: MESSAGE}, the form compilers use (and sbc-core's config
     * errors); no path part when empty, and warnings say so.
     */
    @Override
    public String toString() {
        String position = file + ":" + line + ":" + column + ": " + (severity == Severity.WARNING ? "warning: " : "");
        return path.isEmpty() ? position + message : position + path + ": " + message;
    }
}

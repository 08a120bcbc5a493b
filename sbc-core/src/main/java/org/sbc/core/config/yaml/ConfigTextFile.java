package org.sbc.core.config.yaml;

import java.nio.file.Path;
import java.util.Optional;
import org.sbc.policies.yaml.TextFile;

/** Reads a file a config names (credentials, tokens): bounded in size, strict UTF-8. */
public final class ConfigTextFile {

    private ConfigTextFile() {}

    /** The text, or empty with the reason in {@code errors} (at line 1, column 1 of the file). */
    public static Optional<String> read(Path file, int maxBytes, String what, ConfigErrors errors) {
        return TextFile.read(file, maxBytes, what,
                e -> "cannot read " + what + ": " + e.getClass().getSimpleName(), errors);
    }
}

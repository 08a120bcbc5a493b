package org.sbc.core.config.yaml;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.sbc.policies.yaml.InvalidValueException;

/** Paths a config names, relative to the config file's directory. */
public final class ConfigPaths {

    private ConfigPaths() {}

    public static Path resolve(Path baseDir, String text) throws InvalidValueException {
        try {
            return baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidValueException("bad path " + quote(text) + " (expected: a file path)");
        }
    }
}

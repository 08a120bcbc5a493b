package org.sbc.core.config;

import static org.sbc.core.config.ConfigErrors.quote;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Paths a config names, relative to the config file's directory. */
final class ConfigPaths {

    private ConfigPaths() {}

    static Path resolve(Path baseDir, String text) throws InvalidValueException {
        try {
            return baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidValueException("bad path " + quote(text) + " (expected: a file path)");
        }
    }
}

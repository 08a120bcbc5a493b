package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.config.yaml.ConfigException;

/** Shared helpers: the loader under test is always the production one. */
public final class ConfigTesting {

    public static final String FILE = "test.yaml";

    private ConfigTesting() {}

    /** The errors a config produces, in the {@code FILE:LINE:COLUMN: PATH: MESSAGE} form. */
    public static List<String> errorsOf(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, FILE));
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    /** Lines joined, so a YAML snippet in a test reads like the file it stands for. */
    public static String yaml(String... lines) {
        return String.join("\n", lines) + "\n";
    }
}

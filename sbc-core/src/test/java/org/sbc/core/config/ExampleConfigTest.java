package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped example is documentation; loading it here keeps it from drifting. */
class ExampleConfigTest {

    @Test
    void exampleConfigEqualsEmbeddedDefaults() throws Exception {
        assertEquals(SbcConfig.defaults(), ConfigLoader.load(Path.of("..", "examples", "sbc.yaml")));
    }
}

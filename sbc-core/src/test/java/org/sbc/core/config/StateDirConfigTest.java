package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** state_dir: one directory for what the SBC writes, instead of its working directory. */
class StateDirConfigTest {

    @Test
    void keepsWhatTheSbcWritesUnderTheStateDirectory() throws Exception {
        SbcConfig config = ConfigLoader.parse("state_dir: /var/lib/sbc\n", "/etc/sbc/sbc.yaml");

        assertEquals(Path.of("/var/lib/sbc/bans.json"), config.security().ban().stateFile().orElseThrow());
        assertEquals(Path.of("/var/lib/sbc/feeds"), config.security().feeds().cacheFolder());
    }

    @Test
    void readsRelativePathsInsideItAndLeavesAbsoluteOnes() throws Exception {
        SbcConfig config = ConfigLoader.parse("state_dir: state\nsecurity:\n  ban:\n    state_file: b/bans.json\n"
                + "  feed_cache: /srv/feeds\n", "/etc/sbc/sbc.yaml");

        assertEquals(Path.of("/etc/sbc/state/b/bans.json"), config.security().ban().stateFile().orElseThrow(),
                "a relative state_dir is read from the config file's directory");
        assertEquals(Path.of("/srv/feeds"), config.security().feeds().cacheFolder());
    }

    @Test
    void withoutItPathsStayAsWritten() throws Exception {
        SbcConfig config = ConfigLoader.parse("", "/etc/sbc/sbc.yaml");

        assertEquals(Path.of("var", "bans.json"), config.security().ban().stateFile().orElseThrow());
        assertEquals(Path.of("var", "feeds"), config.security().feeds().cacheFolder());
    }
}

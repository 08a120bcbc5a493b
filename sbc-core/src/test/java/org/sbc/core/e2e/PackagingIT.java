package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The systemd unit in examples/ is one systemd accepts, and keeps its hardening. */
class PackagingIT {

    private static final Path UNIT = Path.of("..", "examples", "systemd", "sbc.service");

    @Test
    void systemdAcceptsTheUnitAndItKeepsItsHardening() throws Exception {
        Tools.require("systemd-analyze", "systemd");
        Process verify = new ProcessBuilder("systemd-analyze", "verify", UNIT.toAbsolutePath().normalize().toString())
                .redirectErrorStream(true).start();
        String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), said);
        assertEquals("", said.strip(), "systemd-analyze verify found problems");

        List<String> lines = Files.readAllLines(UNIT);
        for (String setting : List.of("User=sbc", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "AmbientCapabilities=CAP_NET_BIND_SERVICE",
                "StateDirectory=sbc", "PrivateTmp=yes", "ProtectHome=yes")) {
            assertTrue(lines.contains(setting), "the unit lost " + setting);
        }
    }
}

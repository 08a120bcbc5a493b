package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.yaml.ConfigException;
import org.sbc.core.edge.ban.BanConfig;
import org.sbc.core.edge.flood.FloodConfig;
import org.sbc.core.edge.flood.RateLimitConfig;
import org.sbc.policies.Mode;

class SecurityConfigTest {

    @Test
    void trustsNothingByDefault() throws Exception {
        assertTrue(ConfigLoader.parse("", "t.yaml").security().trusted().isEmpty());
    }

    @Test
    void readsTrustedNetworks() throws Exception {
        SbcConfig config = ConfigLoader.parse("""
                security:
                  trusted: [127.0.0.20, 192.0.2.0/24, "2001:db8::/32"]
                """, "t.yaml");
        assertEquals(3, config.security().trusted().size());
        assertTrue(config.security().trusted().contains(InetAddress.getByName("192.0.2.77")));
        assertFalse(config.security().trusted().contains(InetAddress.getByName("127.0.0.2")));
    }

    @Test
    void refusesBadNetworkWithPosition() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                security:
                  trusted:
                    - 10.0.0.1/8
                    - pbx.example.com
                """, "t.yaml"));
        assertEquals(2, e.errors().size(), e.getMessage());
        assertEquals(3, e.errors().get(0).line());
        assertTrue(e.errors().get(0).toString().contains("security.trusted[0]"), e.getMessage());
        assertEquals(4, e.errors().get(1).line());
    }

    @Test
    void readsEveryEdgeSection() throws Exception {
        SecurityConfig security = ConfigLoader.parse("""
                security:
                  allow: [198.51.100.0/24]
                  ban:
                    mode: monitor
                    seconds: 60
                    factor: 3
                    max_seconds: 3600
                    history_seconds: 0
                    max_entries: 1000
                    state_file: ""
                  flood:
                    mode: monitor
                    sampling_seconds: 5
                    density: 50
                    density_per_24: 0
                    density_per_16: 500
                    density_per_64: 100
                    density_per_48: 0
                    max_entries: 5000
                  rate_limit:
                    mode: monitor
                    register: {per_second: 1, burst: 2}
                    other:
                      burst: 500
                """, "t.yaml").security();
        assertTrue(security.allow().contains(InetAddress.getByName("198.51.100.9")));
        assertEquals(new BanConfig(Mode.MONITOR, 60, 3, 3_600, 0, 1_000, Optional.empty()), security.ban());
        assertEquals(new FloodConfig(Mode.MONITOR, 5, 50, 0, 500, 100, 0, 5_000), security.flood());
        assertEquals(new RateLimitConfig(Mode.MONITOR, new RateLimitConfig.Rate(1, 2), RateLimitConfig.DEFAULT.invite(),
                new RateLimitConfig.Rate(100, 500), 100_000), security.rateLimit());
    }

    @Test
    void defaultsKeepBansInVarRelativeToTheWorkingDirectory() throws Exception {
        assertEquals(Optional.of(Path.of("var/bans.json")), ConfigLoader.parse("", "t.yaml").security().ban().stateFile());
    }

    @Test
    void reportsEveryBadValueWithItsPosition() {
        List<String> errors = ConfigTesting.errorsOf("""
                security:
                  allow: [example.com]
                  ban:
                    mode: block
                    seconds: 0
                    state_file: "var/"
                  flood:
                    density: 200
                    density_per_24: 100
                    samples: 3
                  rate_limit:
                    invite: {per_second: 0}
                """);
        assertEquals(List.of(
                "test.yaml:2:11: security.allow[0]: bad network 'example.com' (expected: an IP literal or ADDRESS/LENGTH with no host bits set, e.g. 192.0.2.0/24)",
                "test.yaml:4:11: security.ban.mode: 'block' (expected: enforce or monitor)",
                "test.yaml:5:14: security.ban.seconds: 0 out of range (expected: 1..31536000)",
                "test.yaml:6:17: security.ban.state_file: 'var/' (expected: a file, not a directory)",
                "test.yaml:9:21: security.flood.density_per_24: 100 (expected: 200..100000000)",
                "test.yaml:10:5: security.flood.samples: unknown key 'samples' (expected: one of mode, sampling_seconds,"
                        + " density, density_per_24, density_per_16, density_per_64, density_per_48, max_entries, global_density)",
                "test.yaml:12:26: security.rate_limit.invite.per_second: 0 out of range (expected: 1..1000000)"), errors);
    }

    @Test
    void checksFieldsAgainstEachOtherAtTheKeyThatIsWrong() {
        assertEquals(List.of("test.yaml:4:21: security.flood.density_per_24: 100 (expected: 200..100000000)"),
                ConfigTesting.errorsOf("""
                        security:
                          flood:
                            density: 200
                            density_per_24: 100
                        """));
        assertEquals(List.of("test.yaml:3:18: security.ban.max_seconds: 60 (expected: 600..31536000)"),
                ConfigTesting.errorsOf("""
                        security:
                          ban:
                            max_seconds: 60
                        """));
    }
}

package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.config.ConfigTesting.FILE;
import static org.sbc.core.config.ConfigTesting.errorsOf;
import static org.sbc.core.config.ConfigTesting.yaml;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.TopologyConfig.SdpHandling;
import org.sbc.core.config.TopologyConfig.Secret;
import org.sbc.core.config.TopologyConfig.StripStore;
import org.sbc.core.config.TopologyConfig.TopologyMode;

class TopologyConfigLoadTest {

    /** Base64 of the bytes 1..32. */
    private static final String KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    /** Base64 of the bytes 33..64. */
    private static final String PREVIOUS_KEY = "ISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0A=";
    /** Base64 of the bytes 1..16: valid base64, half a key. */
    private static final String SHORT_KEY = "AQIDBAUGBwgJCgsMDQ4PEA==";

    private static byte[] bytes(int from, int to) {
        byte[] bytes = new byte[to - from + 1];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }

    /** The error for mask mode without a usable key, at the {@code mode:} line. */
    private static String noKeyAtModeLine(int line) {
        return "test.yaml:" + line + ":9: topology_hiding.mode: mask mode without topology_hiding.mask.key "
                + "(expected: base64 of 32 random bytes, e.g. from: head -c 32 /dev/urandom | base64; "
                + "there is no default key)";
    }

    @Test
    void takesTheDefaultsWhenTheSectionIsAbsent() throws Exception {
        TopologyConfig topology = ConfigLoader.parse(yaml("limits:", "  max_headers: 50"), FILE).topology();

        assertEquals(TopologyConfig.DEFAULT, topology);
        assertEquals(TopologyMode.STRIP, topology.mode());
        assertEquals(StripStore.MEMORY, topology.store());
        assertEquals(SdpHandling.REWRITE, topology.sdp());
        assertEquals(Optional.empty(), topology.maskKey());
        assertEquals(TopologyConfig.DEFAULT_OUTSIDE_HEADERS, topology.outsideHeaders());
        assertEquals(200_000, topology.maxEntries());
    }

    @Test
    void takesTheDefaultsForAnEmptySection() throws Exception {
        assertEquals(TopologyConfig.DEFAULT, ConfigLoader.parse(yaml("topology_hiding:"), FILE).topology());
    }

    @Test
    void refusesMaskModeWithoutKeyAtTheModeLine() {
        List<String> errors = errorsOf(yaml(
                "topology_hiding:",
                "  sdp: rewrite",
                "  mode: mask"));

        assertEquals(List.of(noKeyAtModeLine(3)), errors);
    }

    @Test
    void refusesMaskModeWithAnEmptyKeyAtTheModeLine() {
        List<String> errors = errorsOf(yaml(
                "topology_hiding:",
                "  mode: mask",
                "  mask:",
                "    key: \"\""));

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("test.yaml:2:"), errors.toString());
        assertTrue(errors.get(0).contains("topology_hiding.mask.key"), errors.toString());
    }

    @Test
    void refusesAKeyThatIsNotBase64AtTheKeyLine() {
        List<String> errors = errorsOf(yaml(
                "topology_hiding:",
                "  mode: mask",
                "  mask:",
                "    key: not*base64!"));

        assertEquals(List.of(noKeyAtModeLine(2),
                "test.yaml:4:10: topology_hiding.mask.key: not base64 (expected: base64 of 32 random bytes)"), errors);
        assertTrue(errors.stream().noneMatch(e -> e.contains("not*base64!")), "a key is never echoed: " + errors);
    }

    @Test
    void refusesAKeyOfTheWrongLengthAtTheKeyLine() {
        List<String> errors = errorsOf(yaml(
                "topology_hiding:",
                "  mode: mask",
                "  mask:",
                "    key: " + SHORT_KEY));

        assertEquals(List.of(noKeyAtModeLine(2),
                "test.yaml:4:10: topology_hiding.mask.key: 16 bytes (expected: base64 of exactly 32 random bytes)"),
                errors);
    }

    @Test
    void refusesAPreviousKeyOfTheWrongLengthAtItsLine() {
        List<String> errors = errorsOf(yaml(
                "topology_hiding:",
                "  mode: mask",
                "  mask:",
                "    key: " + KEY,
                "    previous_key: " + SHORT_KEY));

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("test.yaml:5:"), errors.toString());
        assertTrue(errors.get(0).contains("topology_hiding.mask.previous_key"), errors.toString());
    }

    @Test
    void refusesAPreviousKeyEqualToTheKey() {
        List<String> errors = errorsOf(yaml(
                "topology_hiding:",
                "  mode: mask",
                "  mask:",
                "    key: " + KEY,
                "    previous_key: " + KEY));

        assertEquals(List.of("test.yaml:5:19: topology_hiding.mask.previous_key: equals key "
                + "(expected: the key before the last rotation)"), errors);
    }

    @Test
    void refusesTheRedisStoreWithoutARedisUri() {
        List<String> errors = errorsOf(yaml(
                "topology_hiding:",
                "  mode: strip",
                "  strip:",
                "    store: redis"));

        assertEquals(List.of("test.yaml:4:12: topology_hiding.strip.store: redis without "
                + "topology_hiding.strip.redis (expected: redis://HOST:PORT)"), errors);
    }

    @Test
    void refusesAMalformedRedisUri() {
        List<String> errors = errorsOf(yaml(
                "topology_hiding:",
                "  strip:",
                "    store: redis",
                "    redis: http://cache.example:6379/db"));

        assertEquals(List.of(
                "test.yaml:3:12: topology_hiding.strip.store: redis without topology_hiding.strip.redis "
                        + "(expected: redis://HOST:PORT)",
                "test.yaml:4:12: topology_hiding.strip.redis: 'http://cache.example:6379/db' "
                        + "(expected: redis://HOST:PORT[/DB])"), errors);
    }

    @Test
    void refusesARedisUriWithADatabaseThatIsNotANumber() {
        List<String> errors = errorsOf(yaml(
                "topology_hiding:",
                "  strip:",
                "    redis: redis://cache.example:6379/x"));

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("test.yaml:3:"), errors.toString());
        assertTrue(errors.get(0).contains("topology_hiding.strip.redis"), errors.toString());
    }

    @Test
    void refusesViaInTheOutsideHeadersSayingWhy() {
        List<String> errors = errorsOf(yaml(
                "topology_hiding:",
                "  outside_headers: [supported, Via]"));

        assertEquals(List.of("test.yaml:2:32: topology_hiding.outside_headers[1]: 'Via' (expected: an end-to-end "
                + "header; via belongs to one leg and never crosses to the outside)"), errors);
    }

    @Test
    void refusesContactInTheOutsideHeadersSayingWhy() {
        List<String> errors = errorsOf(yaml(
                "topology_hiding:",
                "  outside_headers:",
                "    - allow",
                "    - contact"));

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("test.yaml:4:"), errors.toString());
        assertTrue(errors.get(0).contains("topology_hiding.outside_headers[1]"), errors.toString());
        assertTrue(errors.get(0).contains("contact belongs to one leg and never crosses to the outside"),
                errors.toString());
    }

    @Test
    void suggestsTheClosestKeyForAMisspeltOne() {
        assertEquals(List.of("test.yaml:2:3: topology_hiding.outside_hots: unknown key 'outside_hots' "
                        + "(did you mean 'outside_host'?)"),
                errorsOf(yaml("topology_hiding:", "  outside_hots: sbc.example.com")));
    }

    @Test
    void suggestsTheClosestKeyInsideTheMaskSection() {
        List<String> errors = errorsOf(yaml(
                "topology_hiding:",
                "  mode: mask",
                "  mask:",
                "    key: " + KEY,
                "    previus_key: " + PREVIOUS_KEY));

        assertEquals(List.of("test.yaml:5:5: topology_hiding.mask.previus_key: unknown key 'previus_key' "
                + "(did you mean 'previous_key'?)"), errors);
    }

    @Test
    void refusesAnUnknownMode() {
        List<String> errors = errorsOf(yaml("topology_hiding:", "  mode: hide"));

        assertEquals(List.of("test.yaml:2:9: topology_hiding.mode: 'hide' (expected: mask or strip)"), errors);
    }

    @Test
    void loadsAFullMaskConfig() throws Exception {
        TopologyConfig topology = ConfigLoader.parse(yaml(
                "topology_hiding:",
                "  mode: mask",
                "  outside_host: SBC.Example.com",
                "  inside_names: [pbx.corp.example, 10.1.2.3, \"[fd00::5]\"]",
                "  outside_headers: [P-Asserted-Identity, supported, allow]",
                "  sdp: keep",
                "  mask:",
                "    key: " + KEY,
                "    previous_key: " + PREVIOUS_KEY), FILE).topology();

        assertEquals(TopologyMode.MASK, topology.mode());
        assertEquals(Optional.of("sbc.example.com"), topology.outsideHost());
        assertEquals(List.of("pbx.corp.example", "10.1.2.3", "[fd00::5]"), topology.insideNames());
        assertEquals(List.of("p-asserted-identity", "supported", "allow"), topology.outsideHeaders());
        assertEquals(SdpHandling.KEEP, topology.sdp());
        assertEquals(Optional.of(new Secret(bytes(1, 32))), topology.maskKey());
        assertArrayEquals(bytes(1, 32), topology.maskKey().orElseThrow().bytes());
        assertArrayEquals(bytes(33, 64), topology.maskPreviousKey().orElseThrow().bytes());
    }

    @Test
    void neverPrintsTheKeyBytes() throws Exception {
        TopologyConfig topology = ConfigLoader.parse(yaml(
                "topology_hiding:",
                "  mode: mask",
                "  mask:",
                "    key: " + KEY), FILE).topology();
        Secret key = topology.maskKey().orElseThrow();

        assertEquals("Secret[32 bytes]", key.toString());
        String printed = topology.toString();
        assertFalse(printed.contains(KEY), printed);
        assertFalse(printed.contains(java.util.Arrays.toString(bytes(1, 32))), printed);
        assertFalse(printed.contains(Base64.getEncoder().withoutPadding().encodeToString(bytes(1, 32))), printed);
        assertTrue(printed.contains("Secret[32 bytes]"), printed);
    }

    @Test
    void keepsTheSecretBytesFromBeingChangedThroughTheAccessor() throws Exception {
        Secret key = ConfigLoader.parse(yaml("topology_hiding:", "  mode: mask", "  mask:", "    key: " + KEY), FILE)
                .topology().maskKey().orElseThrow();

        key.bytes()[0] = 99;

        assertArrayEquals(bytes(1, 32), key.bytes());
    }

    @Test
    void loadsAFullStripConfigWithRedis() throws Exception {
        TopologyConfig topology = ConfigLoader.parse(yaml(
                "topology_hiding:",
                "  mode: strip",
                "  strip:",
                "    store: redis",
                "    redis: redis://127.0.0.1:6379/2",
                "    max_entries: 5000"), FILE).topology();

        assertEquals(TopologyMode.STRIP, topology.mode());
        assertEquals(StripStore.REDIS, topology.store());
        assertEquals(Optional.of("redis://127.0.0.1:6379/2"), topology.redisUri());
        assertEquals(5000, topology.maxEntries());
        assertEquals(Optional.empty(), topology.maskKey());
    }
}

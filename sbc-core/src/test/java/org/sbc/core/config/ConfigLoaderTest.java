package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sbc.core.config.ConfigTesting.FILE;
import static org.sbc.core.config.ConfigTesting.errorsOf;
import static org.sbc.core.config.ConfigTesting.yaml;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.config.yaml.ConfigException;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;
import org.sbc.policies.yaml.YamlSource;

class ConfigLoaderTest {

    private static Path resource(String name) {
        return Path.of("src", "test", "resources", "config", name);
    }

    @Test
    void loadsEmbeddedDefaultsFromEmptyFile() throws Exception {
        assertEquals(SbcConfig.defaults(), ConfigLoader.parse("", "empty.yaml"));
        assertEquals(SbcConfig.defaults(), ConfigLoader.parse("# nothing but a comment\n", "empty.yaml"));
    }

    @Test
    void takesDefaultsForSectionsWithEveryKeyCommentedOut() throws Exception {
        assertEquals(SbcConfig.defaults(), ConfigLoader.parse(yaml(
                "outside:", "inside:", "admin:", "sip:", "limits:", "  # max_headers: 100"), FILE));
    }

    @Test
    void reportsMisspeltKeyAndPortOutOfRangeTogetherWithLines() {
        Path file = resource("misspelt-key-and-bad-port.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

        assertEquals(List.of(
                        new ConfigError(file.toString(), 4, 7, "outside.listen[1]",
                                "port 70000 out of range (expected: 1..65535)"),
                        new ConfigError(file.toString(), 6, 3, "inside.lisen",
                                "unknown key 'lisen' (did you mean 'listen'?)")),
                e.errors());
        assertEquals(file + ":4:7: outside.listen[1]: port 70000 out of range (expected: 1..65535)\n"
                + file + ":6:3: inside.lisen: unknown key 'lisen' (did you mean 'listen'?)", e.getMessage());
    }

    @Test
    void readsEverySectionWhenGiven() throws Exception {
        SbcConfig config = ConfigLoader.load(resource("full.yaml"));

        InetAddress v6 = InetAddress.getByName("2001:db8::10");
        assertEquals(List.of(
                new ListenAddress(Transport.UDP, InetAddress.getByName("192.0.2.10"), 5060),
                new ListenAddress(Transport.TCP, v6, 5061)), config.outside().listen());
        assertEquals(List.of(new ListenAddress(Transport.TCP, InetAddress.getByName("10.0.0.2"), 5070)),
                config.inside().listen());
        assertEquals(new PbxTarget("sip:pbx.example.net;transport=tcp", "pbx.example.net", 5060, Transport.TCP),
                config.pbx());
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 9090), config.adminListen());
        assertEquals(new SipConfig(Optional.of("edge"), List.of("sbc.example.com", "192.0.2.10", "[2001:db8::10]")),
                config.sip());
        assertEquals(new Limits(8192, 60, 2048, 8, 1000, 30, 1 << 20), config.limits());
    }

    @Test
    void keepsDefaultsForKeysNotGiven() throws Exception {
        SbcConfig config = ConfigLoader.parse(yaml("limits:", "  max_headers: 50"), FILE);

        SbcConfig defaults = SbcConfig.defaults();
        assertEquals(new Limits(16_384, 50, 4_096, 32, 4_096, 120, 4 << 20), config.limits());
        assertEquals(defaults.outside(), config.outside());
        assertEquals(defaults.pbx(), config.pbx());
    }

    @Test
    void treatsEmptyServerHeaderAsNone() throws Exception {
        assertEquals(Optional.empty(), ConfigLoader.parse(yaml("sip:", "  server_header: \"\""), FILE)
                .sip().serverHeader());
        assertEquals(Optional.empty(), ConfigLoader.parse(yaml("sip:", "  server_header:"), FILE)
                .sip().serverHeader());
    }

    @Test
    void refusesServerHeaderThatCouldInjectHeaders() {
        assertEquals(List.of("test.yaml:2:18: sip.server_header: 'x\\x0d\\x0aVia: evil' (expected: printable "
                        + "text without control characters, at most 128 characters)"),
                errorsOf(yaml("sip:", "  server_header: \"x\\r\\nVia: evil\"")));
    }

    @Test
    void rejectsMalformedAliases() {
        assertEquals(List.of(
                        "test.yaml:2:13: sip.aliases[0]: bad host name 'under_score.example' (expected: a DNS name, "
                                + "an IPv4 literal or an [IPv6] literal)",
                        "test.yaml:2:34: sip.aliases[1]: bad host name '192.0.2.300' (expected: a DNS name, "
                                + "an IPv4 literal or an [IPv6] literal)",
                        "test.yaml:2:47: sip.aliases[2]: bad host name '-lead.example' (expected: a DNS name, "
                                + "an IPv4 literal or an [IPv6] literal)"),
                errorsOf(yaml("sip:", "  aliases: [under_score.example, 192.0.2.300, -lead.example]")));
    }

    @Test
    void suggestsTheClosestKeyOnlyWhenItIsClose() {
        assertEquals(List.of(
                        "test.yaml:1:1: limts: unknown key 'limts' (did you mean 'limits'?)",
                        "test.yaml:2:1: colour: unknown key 'colour' (expected: one of outside, inside, admin, sip, limits, security, b2bua, trunks, topology_hiding, media, call_records, state_dir, policy)"),
                errorsOf(yaml("limts: {}", "colour: blue")));
    }

    @Test
    void rejectsDuplicateKeysAtTheSecondOccurrence() {
        assertEquals(List.of("test.yaml:4:3: outside.listen: duplicate key 'listen' "
                        + "(expected: each key once; first at line 2)"),
                errorsOf(yaml("outside:", "  listen: [udp:127.0.0.1:5060]", "  # again", "  listen: [tcp:127.0.0.1:5060]")));
    }

    @Test
    void reportsAnUnknownKeyWrittenTwiceOnceAsUnknownThenAsDuplicate() {
        // A policy file reports both as unknown instead (policies' LoaderErrorsTest).
        assertEquals(List.of(
                        "test.yaml:1:1: limts: unknown key 'limts' (did you mean 'limits'?)",
                        "test.yaml:2:1: limts: duplicate key 'limts' (expected: each key once; first at line 1)"),
                errorsOf(yaml("limts: {}", "limts: {}")));
    }

    @Test
    void reportsWrongTypesWithWhatWasExpectedAndWhatWasFound() {
        assertEquals(List.of(
                        "test.yaml:2:11: outside.listen: expected a list, got a string 'udp:127.0.0.1:5060'",
                        "test.yaml:4:8: inside.pbx: expected a string like sip:HOST[:PORT][;transport=udp|tcp|tls] or sips:HOST[:PORT], "
                                + "got a list",
                        "test.yaml:5:8: sip: expected a mapping, got a boolean 'true'",
                        "test.yaml:7:16: limits.max_headers: expected an integer, got a string '100'",
                        "test.yaml:8:29: limits.tcp_idle_timeout_seconds: expected an integer, got a number '1.5'"),
                errorsOf(yaml(
                        "outside:",
                        "  listen: udp:127.0.0.1:5060",
                        "inside:",
                        "  pbx: [sip:127.0.0.1]",
                        "sip:   true",
                        "limits:",
                        "  max_headers: \"100\"",
                        "  tcp_idle_timeout_seconds: 1.5")));
    }

    @Test
    void putsTheBadValueFirstForLimitsOutOfRange() {
        assertEquals(List.of(
                        "test.yaml:2:16: limits.max_headers: 5 out of range (expected: 8..1000)",
                        "test.yaml:3:22: limits.max_message_bytes: '99999999999999999999' out of range "
                                + "(expected: a decimal integer 512..65507)",
                        "test.yaml:4:26: limits.tcp_connections_total: '0x10' (expected: a decimal integer 1..1000000)"),
                errorsOf(yaml(
                        "limits:",
                        "  max_headers: 5",
                        "  max_message_bytes: 99999999999999999999",
                        "  tcp_connections_total: 0x10")));
    }

    @Test
    void rejectsATopLevelThatIsNotAMapping() {
        assertEquals(List.of("test.yaml:1:1: expected a mapping, got a list"),
                errorsOf(yaml("- udp:127.0.0.1:5060")));
    }

    @Test
    void reportsUnreadableFileAtFirstLine(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));
        assertEquals(List.of(new ConfigError(missing.toString(), 1, 1, "", "cannot read file: no such file")),
                e.errors());
    }

    @Test
    void refusesFileLargerThanOneMebibyteBeforeParsing(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.write(big, ("#" + "x".repeat(YamlSource.MAX_CHARS) + "\n").getBytes(StandardCharsets.UTF_8));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(big));
        assertEquals(List.of(new ConfigError(big.toString(), 1, 1, "",
                "more than 1048576 bytes (expected: at most 1048576)")), e.errors());
    }

    @Test
    void refusesFileThatIsNotUtf8(@TempDir Path dir) throws Exception {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "sip:\n  server_header: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(latin1));
        assertEquals("not UTF-8 text (expected: a UTF-8 YAML file)", e.errors().get(0).message());
    }

    @Test
    void runsCrossFieldChecksOnlyAfterFieldChecksPass() {
        // The duplicate listen entry would be a stage-2 error; the bad port hides it.
        assertEquals(List.of("test.yaml:2:32: outside.listen[1]: port 0 out of range (expected: 1..65535)"),
                errorsOf(yaml(
                        "outside:",
                        "  listen: [udp:127.0.0.1:5060, udp:127.0.0.1:0, udp:127.0.0.1:5060]")));
    }
}

package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.config.ConfigTesting.errorsOf;
import static org.sbc.core.config.ConfigTesting.yaml;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.ConfigException;
import org.sbc.policies.yaml.YamlSource;

/** YAML features a config never needs and an attacker could use are refused before composing. */
class YamlHardeningTest {

    @Test
    void reportsYamlSyntaxErrorWithPosition() {
        assertEquals(List.of("test.yaml:2:14: bad YAML: mapping values are not allowed here"),
                errorsOf(yaml("outside:", "  listen: udp: 127.0.0.1:5060")));
        assertEquals(List.of("test.yaml:3:1: bad YAML: while parsing a flow sequence at line 2: "
                        + "expected ',' or ']', but got <stream end>"),
                errorsOf(yaml("outside:", "  listen: [udp:127.0.0.1:5060")));
    }

    @Test
    void rejectsAliasBomb() {
        Path bomb = Path.of("src", "test", "resources", "config", "alias-bomb.yaml");
        ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ConfigException.class, () -> ConfigLoader.load(bomb)));

        ConfigError first = e.errors().get(0);
        assertEquals(new ConfigError(bomb.toString(), 2, 4, "",
                "anchor '&a' (expected: no anchors or aliases; write the value out)"), first);
        assertTrue(e.errors().stream().anyMatch(error -> error.line() == 3 && error.column() == 11
                && error.message().equals("alias '*a' (expected: no anchors or aliases; write the value out)")));
    }

    @Test
    void rejectsMergeKeys() {
        assertEquals(List.of("test.yaml:2:3: merge key '<<' (expected: no merge keys; write the keys out)"),
                errorsOf(yaml("limits:", "  <<: {max_headers: 50}")));
    }

    @Test
    void rejectsRecursiveAliasWithoutLooping() {
        List<String> errors = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> errorsOf(yaml("sip:", "  aliases: &loop [*loop]")));
        assertEquals(List.of(
                "test.yaml:2:12: anchor '&loop' (expected: no anchors or aliases; write the value out)",
                "test.yaml:2:19: alias '*loop' (expected: no anchors or aliases; write the value out)"), errors);
    }

    @Test
    void rejectsDeepNestingBeforeTheRecursiveComposerSeesIt() {
        String deep = "a: " + "[".repeat(100_000) + "]".repeat(100_000);
        assertEquals(List.of("test.yaml:1:19: nesting depth 17 (expected: at most 16)"), errorsOf(deep));
    }

    @Test
    void rejectsMoreThanOneDocument() {
        List<String> errors = errorsOf(yaml("outside: {}", "---", "inside: {}"));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("test.yaml:2:1: bad YAML: expected a single document"), errors.get(0));
    }

    @Test
    void refusesTextLargerThanOneMebibyte() {
        assertEquals(List.of("test.yaml:1:1: 1048577 characters (expected: at most 1048576)"),
                errorsOf("#" + "x".repeat(YamlSource.MAX_CHARS)));
    }

    @Test
    void reportsNonPrintableCharacterAtItsPosition() {
        assertEquals(List.of("test.yaml:2:19: bad character U+0007 (expected: printable Unicode text)"),
                errorsOf(yaml("sip:", "  server_header: a\u0007b")));
    }

    @Test
    void capsTheNumberOfErrorsReported() {
        StringBuilder yaml = new StringBuilder("limits:\n");
        for (int i = 0; i < 150; i++) {
            yaml.append("  key").append(i).append(": 1\n");
        }
        List<String> errors = errorsOf(yaml.toString());
        assertEquals(ConfigErrors.MAX_ERRORS + 1, errors.size());
        assertEquals("test.yaml:101:3: 50 more errors not shown (expected: at most 100)", errors.get(100));
    }
}

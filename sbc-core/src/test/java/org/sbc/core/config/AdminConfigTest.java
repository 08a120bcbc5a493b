package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** admin.listen and admin.tokens_file through the production loader, with a real tokens file. */
class AdminConfigTest {

    private static final String TOKEN = "Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZg==";
    private static final String OTHER = "c2Vjb25kLXRva2VuLWZvci10aGUtd3JpdGVyLXJvbGU=";

    @TempDir
    Path dir;

    private SbcConfig load(String tokens, String admin) throws Exception {
        Files.writeString(dir.resolve("tokens"), tokens);
        return ConfigLoader.parse("admin:\n" + admin.indent(2), dir.resolve("sbc.yaml").toString());
    }

    private List<String> errors(String tokens, String admin) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(tokens, admin));
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    @Test
    void isOpenOnLoopbackByDefault() throws Exception {
        SbcConfig config = ConfigLoader.parse("", "t.yaml");
        assertFalse(config.adminAccess().locked());
        assertTrue(config.adminListen().getAddress().isLoopbackAddress());
    }

    @Test
    void readsTokensRelativeToTheConfigFileKeepingOnlyTheirDigests() throws Exception {
        SbcConfig config = load("# role:label:token\nread:grafana:" + TOKEN + "\n\nwrite:alice:" + OTHER + "\n",
                "listen: 0.0.0.0:8443\ntokens_file: tokens\n");

        List<AdminToken> tokens = config.adminAccess().tokens();
        assertEquals(List.of("grafana", "alice"), tokens.stream().map(AdminToken::label).toList());
        assertEquals(List.of(AdminRole.READ, AdminRole.WRITE), tokens.stream().map(AdminToken::role).toList());
        assertArrayEquals(AdminToken.digestOf(TOKEN), tokens.get(0).sha256());
        assertFalse(config.toString().contains(TOKEN), "the token itself is not kept");
    }

    @Test
    void refusesAnAdminApiOpenToOtherHostsWithoutTokens() {
        List<String> errors = ConfigTesting.errorsOf("admin:\n  listen: 0.0.0.0:8080\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("test.yaml:2:11: admin.listen: 0.0.0.0:8080 is reachable from other hosts"),
                errors.get(0));
    }

    @Test
    void reportsEveryBadLineAtItsColumnWithoutEchoingTokens() {
        String tokens = dir.resolve("tokens").toString();
        List<String> errors = errors("admin:x:" + TOKEN + "\nread:bad label:" + TOKEN + "\nwrite:bob:short\n"
                + "read:carol:" + TOKEN + "\nread:carol:" + OTHER + "\nno colons here\n", "tokens_file: tokens\n");

        assertTrue(errors.contains(tokens + ":1:1: role 'admin' (expected: read or write)"), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(tokens + ":2:6: label 'bad label'")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(tokens + ":3:11: token of bob is unusable")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(tokens + ":4:12: token of carol is also another label's token")),
                errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(tokens + ":5:6: duplicate label 'carol'")), errors.toString());
        assertTrue(errors.contains(tokens + ":6:1: 1 fields (expected: role:label:token)"), errors.toString());
        assertFalse(errors.toString().contains(TOKEN) || errors.toString().contains("short"), "no token is echoed");
    }

    @Test
    void refusesAFileWithoutTokensAndAMissingFile() {
        assertTrue(errors("# nothing yet\n", "tokens_file: tokens\n").get(0).endsWith(
                "no tokens (expected: at least one role:label:token line)"));
        List<String> missing = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "admin:\n  tokens_file: absent\n", dir.resolve("sbc.yaml").toString())).errors().stream()
                .map(ConfigError::toString).toList();
        assertTrue(missing.get(0).contains("cannot read tokens file"), missing.toString());
    }
}

package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.config.yaml.ConfigException;

/** admin.listen and admin.tokens_file through the production loader, with a real tokens file. */
class AdminConfigTest {

    private static final String TOKEN = "Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZg==";
    private static final String OTHER = "c2Vjb25kLXRva2VuLWZvci10aGUtd3JpdGVyLXJvbGU=";

    @TempDir
    Path dir;

    private SbcConfig load(String tokens, String admin) throws Exception {
        Files.writeString(dir.resolve("tokens"), tokens);
        Files.setPosixFilePermissions(dir.resolve("tokens"), PosixFilePermissions.fromString("rw-------"));
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
        SbcConfig config = load("# ROLE TOKEN LABEL\nread " + TOKEN + " grafana\n\n  write\t" + OTHER + "  alice ops\n",
                "listen: 0.0.0.0:8443\ntokens_file: tokens\n");

        List<AdminToken> tokens = config.adminAccess().tokens();
        assertEquals(List.of("grafana", "alice ops"), tokens.stream().map(AdminToken::label).toList());
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
        List<String> errors = errors("admin " + TOKEN + " x\nread " + TOKEN + " bad\"label\nwrite short bob\n"
                + "read " + TOKEN + " carol\nread " + OTHER + " carol\nno-fields-here\n", "tokens_file: tokens\n");

        assertTrue(errors.contains(tokens + ":1:1: role 'admin' (expected: read or write)"), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(tokens + ":2:47: label 'bad\"label'")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(tokens + ":3:7: token of bob is unusable")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(tokens + ":4:6: token of carol is also another label's token")),
                errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(tokens + ":5:51: duplicate label 'carol'")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(tokens + ":6:1: not ROLE TOKEN LABEL")), errors.toString());
        assertFalse(errors.toString().contains(TOKEN) || errors.toString().contains("short"), "no token is echoed");
    }

    @Test
    void refusesATokensFileOthersMayRead() throws Exception {
        Files.writeString(dir.resolve("tokens"), "read " + TOKEN + " grafana\n");
        Files.setPosixFilePermissions(dir.resolve("tokens"), PosixFilePermissions.fromString("rw-r--r--"));
        List<String> errors = assertThrows(ConfigException.class, () -> ConfigLoader.parse("admin:\n  tokens_file: tokens\n",
                dir.resolve("sbc.yaml").toString())).errors().stream().map(ConfigError::toString).toList();

        assertEquals(List.of(dir.resolve("tokens") + ":1:1: permissions rw-r--r-- let other users read a secret"
                + " (expected: the owner's alone, as ssh wants of a key: chmod 600)"), errors);
    }

    @Test
    void refusesAFileWithoutTokensAndAMissingFile() {
        assertTrue(errors("# nothing yet\n", "tokens_file: tokens\n").get(0).endsWith(
                "no tokens (expected: at least one ROLE TOKEN LABEL line)"));
        List<String> missing = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "admin:\n  tokens_file: absent\n", dir.resolve("sbc.yaml").toString())).errors().stream()
                .map(ConfigError::toString).toList();
        assertTrue(missing.get(0).contains("cannot read tokens file"), missing.toString());
    }
}

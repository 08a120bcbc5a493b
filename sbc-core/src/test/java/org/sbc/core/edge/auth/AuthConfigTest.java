package org.sbc.core.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.config.yaml.ConfigException;

/** security.auth through the production loader, with a real credentials file. */
class AuthConfigTest {

    static final String SECRET = "5b0e7c1f9a3d46e2b8c4f0a17d5e9c3b";
    private static final String MD5 = DigestComputation.ha1(DigestAlgorithm.MD5, "100", "sbc.test", "pw");
    private static final String SHA = DigestComputation.ha1(DigestAlgorithm.SHA_256, "100", "sbc.test", "pw");

    @TempDir
    Path dir;

    private SbcConfig load(String credentials, String auth) throws Exception {
        Files.writeString(dir.resolve("credentials"), credentials);
        return ConfigLoader.parse("security:\n  auth:\n" + auth.indent(4), dir.resolve("sbc.yaml").toString());
    }

    private List<String> errors(String credentials, String auth) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(credentials, auth));
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    private static String enabled(String secret) {
        return "challenge: [0.0.0.0/0]\nrealm: sbc.test\ncredentials_file: credentials\nnonce_secret: " + secret + "\n";
    }

    @Test
    void isOffByDefaultAndNeedsNothing() throws Exception {
        AuthConfig auth = ConfigLoader.parse("", "t.yaml").security().auth();
        assertFalse(auth.enabled());
        assertEquals(AuthConfig.DEFAULT, auth);
    }

    @Test
    void readsCredentialsRelativeToTheConfigFile() throws Exception {
        AuthConfig auth = load("# user:realm:algorithm:ha1\n100:sbc.test:MD5:" + MD5 + "\n100:sbc.test:SHA-256:" + SHA + "\n",
                enabled(SECRET) + "failures: {per_user: 2, per_source: 4}\nalgorithms: [MD5, SHA-256]\n").security().auth();

        assertTrue(auth.enabled());
        assertEquals(MD5, auth.credentials().ha1("100", DigestAlgorithm.MD5).orElseThrow());
        assertEquals(List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256), auth.algorithms());
        assertEquals(2, auth.failures().perUser());
        assertFalse(auth.toString().contains(SECRET), "the secret never shows in toString");
        assertFalse(auth.toString().contains(MD5), "nor the HA1s");
    }

    @Test
    void requiresRealmSecretAndCredentialsOnceChallenging() {
        List<String> errors = errors("", "challenge: [0.0.0.0/0]\n");
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(dir.resolve("sbc.yaml") + ":3:16: security.auth.challenge: "), errors.get(0));
    }

    @Test
    void refusesShortAndSampleSecretsWithoutEchoingThem() {
        String shortOne = errors("", enabled("abc123")).toString();
        assertTrue(shortOne.contains("6 characters (expected: at least 32"), shortOne);
        assertFalse(shortOne.contains("abc123"));
        String sample = errors("", enabled("changeme-changeme-changeme-changeme")).toString();
        assertTrue(sample.contains("sample word 'changeme'"), sample);
        String dull = errors("", enabled("a".repeat(40))).toString();
        assertTrue(dull.contains("distinct characters"), dull);
    }

    @Test
    void refusesPlaintextPasswordsInTheCredentialsFileAtTheirPosition() {
        List<String> errors = errors("100:sbc.test:MD5:hunter2\n", enabled(SECRET) + "algorithms: [MD5]\n");
        String credentials = dir.resolve("credentials").toString();
        assertEquals(List.of(credentials + ":1:18: not an MD5 HA1 (expected: 32 hex digits, MD5(username:realm:password);"
                + " plaintext passwords are refused)"), errors);
    }

    @Test
    void reportsEveryCredentialsProblemWithLineAndColumn() {
        String file = "100:other.realm:MD5:" + MD5 + "\n"
                + "101:sbc.test:SHA-1:" + MD5 + "\n"
                + "102:sbc.test\n"
                + "103:sbc.test:MD5:" + MD5 + "\n"
                + "103:sbc.test:MD5:" + MD5 + "\n";
        List<String> errors = errors(file, enabled(SECRET) + "algorithms: [MD5]\n");
        String credentials = dir.resolve("credentials").toString();
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(credentials + ":1:5: realm 'other.realm'"), errors.get(0));
        assertTrue(errors.get(1).startsWith(credentials + ":2:14: algorithm 'SHA-1'"), errors.get(1));
        assertTrue(errors.get(2).startsWith(credentials + ":3:1: 2 fields"), errors.get(2));
        assertTrue(errors.get(3).startsWith(credentials + ":5:1: duplicate MD5 entry for '103'"), errors.get(3));
    }

    @Test
    void requiresAnHa1PerOfferedAlgorithm() {
        List<String> errors = errors("100:sbc.test:MD5:" + MD5 + "\n", enabled(SECRET));
        assertTrue(errors.get(0).contains("'100' has no SHA-256 HA1"), errors.toString());
    }

    @Test
    void refusesAckAndCancelAsChallengedMethods() {
        String errors = errors("", "methods: [REGISTER, ACK]\n").toString();
        assertTrue(errors.contains("security.auth.methods[1]: 'ACK'"), errors);
    }

    @Test
    void refusesPerUserAbovePerSource() {
        String errors = errors("", "failures: {per_user: 30, per_source: 20}\n").toString();
        assertTrue(errors.contains("security.auth.failures.per_user: 30 is larger than per_source 20"), errors);
    }

    @Test
    void refusesUnknownKeysWithSuggestion() {
        String errors = errors("", "realms: sbc.test\n").toString();
        assertTrue(errors.contains("did you mean 'realm'?"), errors);
    }
}

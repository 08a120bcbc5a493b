package org.sbc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check-config} and {@code run} load the policy files {@code policy.files} names. */
class CheckConfigPolicyTest {

    /** The policy of issue 10's Contract, word for word. */
    static final Path CONTRACT_POLICY = Path.of("src/test/resources/policies/contract.yaml");

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, text);
    }

    @Test
    void loadsPolicyFilesRelativeToTheConfigAndSummarisesThem() throws IOException {
        file("policies/edge-policy.yaml", Files.readString(CONTRACT_POLICY));
        Path config = file("sbc.yaml", "policy:\n  files: [policies/edge-policy.yaml]\n");

        CliRun result = CliRun.of("check-config", config.toString());

        assertEquals(0, result.exit(), result.err());
        assertEquals("", result.err());
        assertTrue(result.out().contains("; policy 3 rules from 1 files"), result.out());
    }

    @Test
    void reportsEveryPolicyProblemInItsOwnFileWithTheConfigsOwn() throws IOException {
        Path policy = file("edge-policy.yaml", """
                rules:
                  - id: a
                    match: { methd: INVITE }
                    action: { reject: 403 }
                  - id: b
                    match: { user_agent: { regex: "(a+)+b" } }
                    action: drop
                default: allow
                """);
        Path config = file("sbc.yaml", "limits:\n  max_headerz: 60\npolicy:\n  files: [edge-policy.yaml]\n");

        CliRun result = CliRun.of("check-config", config.toString());

        assertEquals(1, result.exit());
        assertEquals(3, result.errLines().size(), result.err());
        assertTrue(result.errLines().get(0).startsWith(config + ":2:3: limits.max_headerz: "), result.err());
        assertTrue(result.errLines().get(1).startsWith(policy + ":3:14: rules[0].match.methd: unknown key 'methd' (did you mean 'method'?)"),
                result.err());
        assertTrue(result.errLines().get(2).startsWith(policy + ":6:"), result.err());
        assertTrue(result.errLines().get(2).contains("rules[1].match.user_agent.regex"), result.err());
    }

    @Test
    void printsUnreachableRulesAsWarningsAndStillAccepts() throws IOException {
        Path policy = file("edge-policy.yaml", """
                rules:
                  - id: all-invites
                    match: { method: INVITE }
                    action: { reject: 403 }
                  - id: premium
                    match: { method: INVITE, ruri_user: { prefix: "900" } }
                    action: drop
                default: allow
                """);
        Path config = file("sbc.yaml", "policy:\n  files: [edge-policy.yaml]\n");

        CliRun result = CliRun.of("check-config", config.toString());

        assertEquals(0, result.exit(), result.err());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.errLines().get(0).startsWith(policy + ":5:"), result.err());
        assertTrue(result.errLines().get(0).contains("warning: rules[1].id: rule 'premium' is unreachable"), result.err());
    }

    @Test
    void namesAMissingPolicyFileAtItsLineOne() throws IOException {
        Path config = file("sbc.yaml", "policy:\n  files: [nowhere.yaml]\n");

        CliRun result = CliRun.of("check-config", config.toString());

        assertEquals(1, result.exit());
        assertEquals(dir.resolve("nowhere.yaml") + ":1:1: no such file (expected: a readable policy file)",
                result.errLines().get(0));
    }

    @Test
    void aPolicySectionNeedsFiles() throws IOException {
        Path config = file("sbc.yaml", "limits:\n  max_headers: 60\npolicy:\n  fils: [a.yaml]\n");

        CliRun result = CliRun.of("check-config", config.toString());

        assertEquals(1, result.exit());
        assertEquals(List.of(config + ":4:3: policy.fils: unknown key 'fils' (did you mean 'files'?)",
                config + ":4:3: policy: no files (expected: policy.files with at least one policy file)"), result.errLines());
    }

    @Test
    void aRouteMustNameATrunkOfTheConfig() throws IOException {
        Path policy = file("edge-policy.yaml", """
                rules:
                  - id: night
                    match: { side: inside }
                    action: { route: nigth-carrier }
                default: allow
                """);
        Path config = file("sbc.yaml", """
                trunks:
                  - name: night-carrier
                    uri: sip:192.0.2.60:5060
                policy:
                  files: [edge-policy.yaml]
                """);

        CliRun result = CliRun.of("check-config", config.toString());

        assertEquals(1, result.exit());
        assertEquals(List.of(policy + ":2:1: rules[0].action.route: unknown trunk 'nigth-carrier' (expected: one of the"
                + " config's trunks: night-carrier)"), result.errLines());
    }

    @Test
    void refusesToStartWithABrokenPolicy() throws IOException {
        Path policy = file("edge-policy.yaml", "rules: []\ndefault: alow\n");
        Path config = file("sbc.yaml", "policy:\n  files: [edge-policy.yaml]\n");

        CliRun result = CliRun.of("run", "--config", config.toString());

        assertEquals(1, result.exit(), result.err());
        assertTrue(result.errLines().get(0).startsWith(policy + ":2:10: default: "), result.err());
    }
}

package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.edge.auth.DigestAlgorithm;
import org.sbc.core.edge.auth.DigestComputation;
import org.sbc.core.metrics.Counter;

/**
 * A policy counts each call once, as the account that authenticated it, on a real server with
 * sipp: a retransmitted INVITE takes no second token of a per-user rate limit (so the call goes
 * through, and the user's next call is the one refused); a caller authenticated by the PBX
 * (pass-through auth) or by a policy {@code challenge} rule stays blocked by its fraud limit
 * whatever From user it writes. Each test has its own callers and users.
 */
@Timeout(120)
class CallCountingIT {

    private static final String SBC_IP = "127.0.45.1";
    private static final String PBX_IP = "127.0.45.3";
    private static final int PBX_PORT = 24580;
    private static final String SBC = SBC_IP + ":24560";
    private static final String PBX = PBX_IP + ":" + PBX_PORT;
    private static final String SBC_PASSWORD = "Lk7-heron-quill-23";
    private static final String PBX_PASSWORD = "Tz2-otter-flint-91";

    @TempDir
    static Path dir;
    private static SbcServer server;
    private static AdminHttp admin;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("policy.yaml"), """
                rules:
                  - id: calls-per-user
                    match: { method: INVITE, source: { cidr: [127.0.45.10/32] } }
                    action: { rate_limit: { key: user, rate: 1, per: minute, burst: 1 } }
                  - id: lab-challenge
                    match: { method: INVITE, source: { cidr: [127.0.45.20/32] } }
                    action: challenge
                default: allow
                fraud:
                  - { id: user-fraud, key: user, calls_per_hour: { block: 2 } }
                """);
        Files.writeString(dir.resolve("credentials"), "bob:sbc.test:MD5:"
                + DigestComputation.ha1(DigestAlgorithm.MD5, "bob", "sbc.test", SBC_PASSWORD) + "\n");
        Path config = Files.writeString(dir.resolve("sbc.yaml"),
                "outside:\n  listen: [udp:" + SBC + ", tcp:" + SBC + "]\n"
                        + "inside:\n  listen: [udp:127.0.45.2:24570]\n  pbx: sip:" + PBX + "\n"
                        + "admin:\n  listen: " + SBC_IP + ":24561\n"
                        + "policy:\n  files: [policy.yaml]\n"
                        // the auth step challenges nobody here: only the policy's challenge rule uses it
                        + "security:\n  auth:\n    challenge: [127.0.45.99/32]\n    realm: sbc.test\n"
                        + "    credentials_file: credentials\n    nonce_secret: 0d6f2b8e41a97c35e2b04f1a8c6d9e73\n"
                        + "    algorithms: [MD5]\n");
        server = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)), Optional.of(config));
        admin = new AdminHttp(server.adminAddress());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void chargesARetransmittedInviteOneTokenOfThePerUserRateSoOnlyTheUsersNextCallIsRefused() throws Exception {
        String caller = "127.0.45.10";
        long retransmissions = server.counters().get(Counter.POLICY_RETRANSMISSIONS);
        SippRun pbx = SippRun.start("uas_ring_then_answer.xml", PBX_IP, PBX_PORT, "u1", "", List.of());
        try {
            pbx.awaitListening(Duration.ofSeconds(5));
            // -nr: sipp sends the scenario's two copies and no more.
            SippRun resent = SippRun.start("uac_resent_invite.xml", caller, 24562, "u1", SBC, List.of("-s", "5001", "-nr"));
            resent.assertSucceeds("caller that retransmits its INVITE");
            pbx.assertSucceeds("PBX");
        } finally {
            pbx.stop();
        }
        // At least: the other tests' callers may retransmit too when the machine is slow.
        assertTrue(server.counters().get(Counter.POLICY_RETRANSMISSIONS) > retransmissions, "the second copy was seen");

        SippCall.dial("uac_503.xml", "u1", caller, 24563, SBC, "5002", "");
        assertEquals(1L, server.policy().orElseThrow().current().hits().get("calls-per-user"),
                "the rate limit refused the user's second call, and nothing else: not the first call's second copy");
    }

    /**
     * The PBX challenges every INVITE without credentials with 401 (that call ends there, and is no
     * call of anyone's) and answers the retry with alice's credentials; the caller writes alice,
     * then other From users. Two calls reach alice's blocking level (the first, From alice, counts
     * once, not twice), so her third is refused by the SBC before the PBX sees its retry.
     */
    @Test
    void keepsAnAccountThePbxAuthenticatedBlockedWhateverFromUserItWrites() throws Exception {
        String caller = "127.0.45.30";
        long blocked = server.counters().get(Counter.FRAUD_BLOCKED);
        // Two INVITEs per answered call (challenged, then authenticated), one for the refused call.
        SippRun pbx = SippRun.startWith("pbx_digest.xml", PBX_IP, PBX_PORT, "u1", "",
                List.of("-m", "5", "-set", "account", "alice", "-set", "password", PBX_PASSWORD));
        try {
            pbx.awaitListening(Duration.ofSeconds(5));
            call("uac_digest.xml", caller, 24564, "6001", toPbx("alice", "6001"));
            call("uac_digest.xml", caller, 24565, "6002", toPbx("dave", "6002"));
            call("uac_digest_403.xml", caller, 24566, "6003", toPbx("mallory", "6003"));
            pbx.assertSucceeds("PBX that authenticates alice");
        } finally {
            pbx.stop();
        }
        assertEquals(blocked + 1, server.counters().get(Counter.FRAUD_BLOCKED));
        assertBlockedAccount("alice");
    }

    /** bob authenticates to the SBC itself, challenged by the policy's rule, not by the auth step's networks. */
    @Test
    void keepsAnAccountAPolicyChallengeAuthenticatedBlockedWhateverFromUserItWrites() throws Exception {
        String caller = "127.0.45.20";
        long blocked = server.counters().get(Counter.FRAUD_BLOCKED);
        long challenged = server.counters().get(Counter.POLICY_CHALLENGED);
        SippCall.dial("uac_digest.xml", "u1", caller, 24567, SBC, "7001", PBX, as("bob", SBC_PASSWORD, "carol", "7001"));
        SippCall.dial("uac_digest.xml", "u1", caller, 24568, SBC, "7002", PBX, as("bob", SBC_PASSWORD, "dave", "7002"));
        SippCall.dial("uac_digest_403.xml", "u1", caller, 24569, SBC, "7003", "", as("bob", SBC_PASSWORD, "eve", "7003"));

        assertEquals(challenged + 3, server.counters().get(Counter.POLICY_CHALLENGED), "each call was challenged once");
        assertEquals(blocked + 1, server.counters().get(Counter.FRAUD_BLOCKED));
        assertBlockedAccount("bob");
    }

    private static void call(String scenario, String caller, int port, String number, List<String> extra)
            throws Exception {
        List<String> arguments = new ArrayList<>(List.of("-s", number));
        arguments.addAll(extra);
        SippRun.start(scenario, caller, port, "u1", SBC, arguments).assertSucceeds("caller of " + number);
    }

    /** {@code sbc fraud list}: the account is blocked by its calls per hour; no From user is an account. */
    private static void assertBlockedAccount(String account) {
        SbcCli.Output output = SbcCli.run("fraud", "list", "--admin", admin.base());
        String list = output.text();
        assertEquals(0, output.exit(), list);
        assertTrue(list.lines().anyMatch(line -> line.startsWith("user-fraud") && line.contains(" " + account + " ")
                && line.endsWith("calls_per_hour")), list);
    }

    /**
     * As {@link #as}, alice to the PBX: the digest uri is the Request-URI the PBX receives (the SBC
     * sends it on without our port), which is what sipp's verifyauth checks.
     */
    private static List<String> toPbx(String fromUser, String number) {
        return List.of("-au", "alice", "-ap", PBX_PASSWORD, "-auth_uri", number + "@" + SBC_IP, "-set", "caller", fromUser);
    }

    /** sipp's arguments for a caller that authenticates as {@code account} and writes {@code fromUser}. */
    private static List<String> as(String account, String password, String fromUser, String number) {
        return List.of("-au", account, "-ap", password, "-auth_uri", number + "@" + SBC, "-set", "caller", fromUser);
    }
}

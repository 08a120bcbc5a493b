package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.edge.auth.DigestAlgorithm;
import org.sbc.core.edge.auth.DigestComputation;
import org.sbc.core.metrics.Counter;

/**
 * Call admission and fraud limits of a policy on a real server, with sipp: a second concurrent
 * call from one source gets 503 and the slot frees when the first hangs up (UDP); a user over its
 * calls-per-hour blocking level gets 403 until {@code sbc fraud reset} lifts it (TCP); a caller
 * that passed digest auth is counted as its account, so a new From user does not lift its block.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdmissionIT {

    private static final String SBC_IP = "127.0.10.60";
    private static final String PBX_IP = "127.0.10.62";
    private static final String SBC = SBC_IP + ":25260";
    private static final String PBX = PBX_IP + ":25280";

    @TempDir
    static Path dir;
    /** Sources the SBC's digest auth challenges; the other tests' callers are not. */
    private static final String DIGEST_CALLERS = "127.0.22.0/24";
    private static final String PASSWORD = "Vq4-marsh-tern-58";
    private static SbcServer server;
    private static AdminHttp admin;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("limits.yaml"), """
                admission:
                  - { id: one-call-per-source, key: source, concurrent: 1 }
                fraud:
                  - { id: user-fraud, key: user, calls_per_hour: { warn: 1, block: 2 } }
                rules: []
                default: allow
                """);
        Files.writeString(dir.resolve("credentials"), "alice:sbc.test:MD5:"
                + DigestComputation.ha1(DigestAlgorithm.MD5, "alice", "sbc.test", PASSWORD) + "\n");
        Path config = Files.writeString(dir.resolve("sbc.yaml"),
                "outside:\n  listen: [udp:" + SBC + ", tcp:" + SBC + "]\n"
                        + "inside:\n  listen: [udp:127.0.10.61:25270]\n  pbx: sip:" + PBX + "\n"
                        + "admin:\n  listen: " + SBC_IP + ":25261\n"
                        + "policy:\n  files: [limits.yaml]\n"
                        + "security:\n  auth:\n    challenge: [" + DIGEST_CALLERS + "]\n    realm: sbc.test\n"
                        + "    credentials_file: credentials\n    nonce_secret: 5be1c07a93d24f68a0e7c3b19d52f4e6\n"
                        + "    algorithms: [MD5]\n");
        server = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)), Optional.of(config));
        admin = new AdminHttp(server.adminAddress());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Order(1)
    @Test
    void refusesASecondConcurrentCallWith503AndFreesTheSlotOnHangUp() throws Exception {
        String caller = "127.0.10.63";
        long endedBefore = server.counters().get(Counter.CALLS_ENDED_BY_BYE);
        SippRun pbx = SippRun.start("-sn uas", PBX_IP, 25280, "u1", "", List.of());
        SippRun held = null;
        try {
            pbx.awaitListening(Duration.ofSeconds(5));
            long answered = server.counters().get(Counter.CALLS_ANSWERED);
            held = SippRun.start("-sn uac", caller, 25262, "u1", SBC, List.of("-s", "2001", "-d", "3000"));
            await("the first call is answered", () -> server.counters().get(Counter.CALLS_ANSWERED), answered + 1);

            SippCall.dial("uac_503.xml", "u1", caller, 25263, SBC, "2002", "");
            assertEquals(1, server.counters().get(Counter.ADMISSION_REFUSED));

            held.assertSucceeds("first caller");
            pbx.assertSucceeds("PBX");
        } finally {
            for (SippRun run : java.util.Arrays.asList(held, pbx)) {
                if (run != null) {
                    run.stop();
                }
            }
        }
        await("the first call's end", () -> server.counters().get(Counter.CALLS_ENDED_BY_BYE), endedBefore + 1);
        SippCall.dial("-sn uac", "u1", caller, 25264, SBC, "2003", PBX);
    }

    /** Runs second: sipp's caller is always user 'sipp', whose two admitted calls of the first test count. */
    @Order(2)
    @Test
    void blocksAUserOverItsFraudLevelUntilFraudResetLiftsIt() throws Exception {
        String caller = "127.0.10.64";
        SbcCli.Output clean = SbcCli.run("fraud", "reset", "sipp", "--admin", admin.base());
        assertEquals(0, clean.exit(), "the first test's two calls were counted for sipp: " + clean.text());
        SippCall.dial("-sn uac", "t1", caller, 25265, SBC, "3001", PBX);
        SippCall.dial("-sn uac", "t1", caller, 25266, SBC, "3002", PBX);
        SippCall.dial("uac_403.xml", "t1", caller, 25267, SBC, "3003", "");
        assertEquals(1, server.counters().get(Counter.FRAUD_BLOCKED));

        SbcCli.Output list = SbcCli.run("fraud", "list", "--admin", admin.base());
        assertEquals(0, list.exit(), list.text());
        assertTrue(list.text().lines().anyMatch(line -> line.startsWith("user-fraud") && line.contains(" sipp ")
                && line.endsWith("calls_per_hour")), list.text());

        SbcCli.Output reset = SbcCli.run("fraud", "reset", "sipp", "--admin", admin.base());
        assertEquals(0, reset.exit(), reset.text());
        assertEquals("reset 1 fraud accounts of sipp", reset.text().strip());
        SippCall.dial("-sn uac", "t1", caller, 25268, SBC, "3004", PBX);
        assertEquals(2, server.counters().get(Counter.FRAUD_RESETS));
        awaitEvents("\"type\":\"FRAUD_WARNING\",\"source_address\":\"127.0.10.64\"",
                "\"type\":\"FRAUD_BLOCK\",\"source_address\":\"127.0.10.64\"",
                "\"type\":\"FRAUD_RESET\",\"source_address\":\"0.0.0.0\",\"source_port\":0,\"step\":\"admission\","
                        + "\"reason\":\"fraud.reset\"");
    }

    /**
     * Runs third, as user alice, whom only this test uses. Her From user changes with every call,
     * her credentials do not: the SBC counts the account that authenticated.
     */
    @Order(3)
    @Test
    void keepsAnAuthenticatedAccountBlockedWhateverFromUserItWritesUntilFraudResetLiftsIt() throws Exception {
        String caller = "127.0.22.10";
        long blocked = server.counters().get(Counter.FRAUD_BLOCKED);
        long accepted = server.counters().get(Counter.AUTH_ACCEPTED);
        SippCall.dial("uac_digest.xml", "u1", caller, 22010, SBC, "4001", PBX, as("alice", "alice", "4001"));
        SippCall.dial("uac_digest.xml", "u1", caller, 22011, SBC, "4002", PBX, as("alice", "carol", "4002"));
        assertEquals(accepted + 2, server.counters().get(Counter.AUTH_ACCEPTED), "both calls passed digest auth");

        SippCall.dial("uac_digest_403.xml", "u1", caller, 22012, SBC, "4003", "", as("alice", "mallory", "4003"));
        assertEquals(blocked + 1, server.counters().get(Counter.FRAUD_BLOCKED));
        SbcCli.Output list = SbcCli.run("fraud", "list", "--admin", admin.base());
        assertTrue(list.text().lines().anyMatch(line -> line.startsWith("user-fraud") && line.contains(" alice ")
                && line.endsWith("calls_per_hour")), list.text());
        assertTrue(list.text().lines().noneMatch(line -> line.contains(" carol ") || line.contains(" mallory ")),
                "From users of an authenticated caller are not accounts: " + list.text());

        SbcCli.Output reset = SbcCli.run("fraud", "reset", "alice", "--admin", admin.base());
        assertEquals(0, reset.exit(), reset.text());
        SippCall.dial("uac_digest.xml", "u1", caller, 22013, SBC, "4004", PBX, as("alice", "mallory", "4004"));
        awaitEvents("\"type\":\"FRAUD_BLOCK\",\"source_address\":\"127.0.22.10\"", "\"subject\":\"alice\"");
    }

    /** sipp's arguments for a caller that authenticates as {@code account} and writes {@code fromUser}. */
    private static List<String> as(String account, String fromUser, String number) {
        return List.of("-au", account, "-ap", PASSWORD, "-auth_uri", number + "@" + SBC, "-set", "caller", fromUser);
    }

    /** Waits until the admin API's recent events hold every one of {@code parts} (events are delivered by a thread). */
    private static void awaitEvents(String... parts) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String events = admin.get("/api/events").body();
        while (!java.util.Arrays.stream(parts).allMatch(events::contains)) {
            if (System.nanoTime() > deadline) {
                fail("events without " + java.util.Arrays.toString(parts) + " after 10 s: " + events);
            }
            Thread.sleep(20);
            events = admin.get("/api/events").body();
        }
    }

    private static void await(String what, LongSupplier value, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (value.getAsLong() < atLeast) {
            if (System.nanoTime() > deadline) {
                fail(what + " did not happen within 10 s");
            }
            Thread.sleep(20);
        }
    }
}

package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.cli.MainAccess;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.edge.policy.PolicyEnforcer;
import org.sbc.core.metrics.Counter;

/**
 * The contract policy of issue 10 on a real server started from a config file, with sipp over
 * UDP and TCP: a premium call is refused 403, an ordinary one reaches the PBX, a monitor-mode rule
 * logs and blocks nothing, a ban names its rule in {@code sbc bans why}, and reloads (admin API,
 * file change) swap the policy or, for a broken file, keep the old one.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyIT {

    private static final String SBC_IP = "127.0.10.1";
    private static final String INSIDE_IP = "127.0.10.2";
    private static final String PBX_IP = "127.0.10.20";
    private static final int SIP_PORT = 25060;
    private static final int ADMIN_PORT = 25081;
    private static final InetSocketAddress SBC = new InetSocketAddress(SBC_IP, SIP_PORT);
    private static final Path CONTRACT = Path.of("src/test/resources/policies/contract.yaml");

    @TempDir
    static Path dir;
    private static Path policyFile;
    private static SbcServer server;
    private static AdminHttp admin;
    private static final List<String> LOG = new CopyOnWriteArrayList<>();
    /** Held: JUL keeps loggers weakly, and a collected logger would come back without the handler. */
    private static final Logger POLICY_LOGGER = Logger.getLogger(PolicyEnforcer.class.getName());
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOG.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    static String config() {
        return "outside:\n  listen: [udp:" + SBC_IP + ":" + SIP_PORT + ", tcp:" + SBC_IP + ":" + SIP_PORT + "]\n"
                + "inside:\n  listen: [udp:" + INSIDE_IP + ":25070]\n  pbx: sip:" + PBX_IP + ":25080\n"
                + "admin:\n  listen: " + SBC_IP + ":" + ADMIN_PORT + "\n"
                + "policy:\n  files: [edge-policy.yaml]\n";
    }

    @BeforeAll
    static void start() throws Exception {
        policyFile = Files.copy(CONTRACT, dir.resolve("edge-policy.yaml"));
        Path configFile = Files.writeString(dir.resolve("sbc.yaml"), config());
        POLICY_LOGGER.addHandler(CAPTURE);
        server = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(configFile)), Optional.of(configFile));
        admin = new AdminHttp(server.adminAddress());
    }

    @AfterAll
    static void stop() {
        POLICY_LOGGER.removeHandler(CAPTURE);
        server.close();
    }

    /** A caller dials {@code number}; when {@code reachesPbx}, a sipp PBX answers it. */
    private static void call(String scenario, String transport, String callerIp, int callerPort, String number,
            boolean reachesPbx) throws Exception {
        SippCall.dial(scenario, transport, callerIp, callerPort, SBC_IP + ":" + SIP_PORT, number,
                reachesPbx ? PBX_IP + ":25080" : "");
    }

    @Order(1)
    @Test
    void refusesAPremiumCallWith403OverUdpAndTcp() throws Exception {
        long before = server.counters().get(Counter.POLICY_REJECTED);

        call("uac_403.xml", "u1", "127.0.10.30", 25030, "900123", false);
        call("uac_403.xml", "t1", "127.0.10.30", 25031, "+1900555", false);

        // At least one per call: a UDP INVITE retransmitted before the first 403 arrived is refused again.
        assertTrue(server.counters().get(Counter.POLICY_REJECTED) >= before + 2);
    }

    @Order(2)
    @Test
    void letsAnOrdinaryCallReachThePbxOverUdpAndTcp() throws Exception {
        call("-sn uac", "u1", "127.0.10.31", 25032, "2001", true);
        call("-sn uac", "t1", "127.0.10.31", 25033, "2002", true);

        assertTrue(server.policy().orElseThrow().current().hits().get("default") >= 2);
        String metrics = admin.get("/metrics").body();
        assertTrue(metrics.contains("\nsbc_policy_rule_hits_total{rule=\"default\"} "), metrics);
        assertTrue(metrics.contains("\nsbc_policy_rule_hits_total{rule=\"no-premium\"} "), metrics);
    }

    @Order(3)
    @Test
    void monitorRuleLogsWhatItWouldDoAndBlocksNothing() throws Exception {
        try (SipClient client = new SipClient("127.0.10.32", SBC)) {
            String probe = client.optionsFromHere("probe-1").replace("Content-Length: 0\r\n",
                    "User-Agent: NetProbe 2.1\r\nContent-Length: 0\r\n");
            client.send(probe.getBytes(StandardCharsets.US_ASCII));
            Optional<String> answer = client.receive(3_000);

            assertTrue(answer.isPresent() && answer.get().startsWith("SIP/2.0 200 "), String.valueOf(answer));
        }
        await("the monitor log line", () -> LOG.stream().anyMatch(line -> line.startsWith("policy: would drop request from udp:127.0.10.32:")
                && line.contains("rule 'scanner-watch' (monitor)")));
        assertTrue(server.counters().get(Counter.POLICY_MONITORED) >= 1);
    }

    @Order(4)
    @Test
    void bansAMessageFromOutsideTheLabAndBansWhyNamesTheRule() throws Exception {
        try (SipClient client = new SipClient("127.0.10.33", SBC)) {
            String message = "MESSAGE sip:bob@" + SBC_IP + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP " + client.localAddress() + ";branch=z9hG4bKmsg1;rport\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:alice@" + SBC_IP + ">;tag=m1\r\nTo: <sip:bob@" + SBC_IP + ">\r\n"
                    + "Call-ID: msg-1\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n";
            client.send(message.getBytes(StandardCharsets.US_ASCII));
            assertEquals(Optional.empty(), client.receive(1_000), "a ban drops the request unanswered");
            assertEquals(Optional.empty(), client.ping("after-ban"), "and the ban gate drops what follows");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = MainAccess.run(new String[] {"bans", "why", "127.0.10.33", "--admin", admin.base()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String why = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, why);
        assertTrue(why.contains("step: policy; rule: lab-only"), why);
    }

    @Order(5)
    @Test
    void reloadKeepsTheOldPolicyWhenTheNewFileIsBrokenAndSwapsInAGoodOne() throws Exception {
        Files.writeString(policyFile, Files.readString(CONTRACT).replace("default: allow", "default: alow"));
        AdminHttp.Reply refused = admin.post("/api/policy/reload", "{}");
        assertEquals(422, refused.status(), refused.body());
        assertTrue(refused.body().contains(policyFile + ":13:10: default: "), refused.body());
        call("uac_403.xml", "u1", "127.0.10.34", 25034, "900777", false);
        await("the refused reload's event", () -> eventsContain("\"type\":\"POLICY_RELOAD\",\"source_address\":\"0.0.0.0\","
                + "\"source_port\":0,\"step\":\"policy\",\"reason\":\"refused\""));

        Files.writeString(policyFile, Files.readString(CONTRACT).replace("rules:\n", """
                rules:
                  - id: busy-2003
                    match: { method: INVITE, ruri_user: "2003" }
                    action: { reject: 403 }
                """));
        AdminHttp.Reply reloaded = admin.post("/api/policy/reload", "{}");
        assertEquals(200, reloaded.status(), reloaded.body());
        assertTrue(reloaded.body().contains("\"rules\":4"), reloaded.body());
        await("the reload's event", () -> eventsContain("\"type\":\"POLICY_RELOAD\"") && eventsContain("\"reason\":\"reloaded\""));
        call("uac_403.xml", "t1", "127.0.10.34", 25035, "2003", false);
        assertTrue(admin.get("/api/policy").body().contains("\"busy-2003\":1"));
    }

    @Order(6)
    @Test
    void reloadsWhenThePolicyFileChangesOnDisk() throws Exception {
        Files.writeString(policyFile, Files.readString(CONTRACT).replace("rules:\n", """
                rules:
                  - id: busy-2004
                    match: { method: INVITE, ruri_user: "2004" }
                    action: { reject: 403 }
                """));

        await("the file watcher's reload", () -> server.policy().orElseThrow().current().policy().rules().stream()
                .anyMatch(rule -> rule.id().equals("busy-2004")));
        call("uac_403.xml", "u1", "127.0.10.35", 25036, "2004", false);
    }

    private static boolean eventsContain(String text) {
        try {
            return admin.get("/api/events").body().contains(text);
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " did not happen within 10 s; log: " + LOG);
            }
            Thread.sleep(20);
        }
    }
}

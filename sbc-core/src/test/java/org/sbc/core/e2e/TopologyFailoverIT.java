package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sbc.core.SbcServer;
import org.sbc.core.b2bua.B2bua;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Two SBC nodes behind one virtual IP: a call is set up through node A, node A is stopped (its
 * sockets released), node B, a new server with memory of its own, takes over the same addresses,
 * and the call is ended with a BYE from either side. Topology hiding puts a dialog handle in
 * the SBC's Contact on each leg, so B must rebuild the call from the Request-URI alone: from the
 * sealed token (mask, shared key) or from the shared store (strip with Redis). Where B cannot
 * (strip with a node-local store, mask with a key of its own), the BYE is refused and never
 * reaches the far side: those tests prove the positive ones can fail.
 *
 * <p>The BYE goes out 4 s after the ACK (a sipp pause); the test stops A and starts B inside that
 * window, once A has relayed the ACK. Were B late, the BYE's UDP retransmissions would still
 * reach it.
 */
class TopologyFailoverIT {

    private static final String OUTSIDE = "127.0.44.1";
    private static final String INSIDE = "127.0.44.2";
    private static final String PBX = "127.0.44.3";
    private static final String PHONE = "127.0.44.50";
    private static final int INSIDE_PORT = 5072;
    private static final int PBX_PORT = 5083;
    private static final int ADMIN_A = 18601;
    private static final int ADMIN_B = 18602;
    private static final int REDIS_PORT = 16392;
    private static final String REDIS_URI = "redis://127.0.0.1:" + REDIS_PORT;

    private static final SecureRandom RANDOM = new SecureRandom();

    private static Process redis;

    /** Who ends the call after the failover. */
    enum Hangup {
        PHONE("phone_call_then_bye.xml", "pbx_answer_await_bye.xml",
                "phone_call_then_bye_refused.xml", "pbx_answer_no_bye.xml"),
        PBX("phone_call_await_bye.xml", "pbx_answer_then_bye.xml",
                "phone_call_no_bye.xml", "pbx_answer_then_bye_refused.xml");

        final String phoneRouted;
        final String pbxRouted;
        final String phoneRefused;
        final String pbxRefused;

        Hangup(String phoneRouted, String pbxRouted, String phoneRefused, String pbxRefused) {
            this.phoneRouted = phoneRouted;
            this.pbxRouted = pbxRouted;
            this.phoneRefused = phoneRefused;
            this.pbxRefused = pbxRefused;
        }
    }

    @BeforeAll
    static void startRedis() throws Exception {
        Tools.require("redis-server", "redis-server");
        Path dir = Files.createTempDirectory("failover-redis");
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(REDIS_PORT), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!redisAnswersPing()) {
            if (!redis.isAlive() || System.nanoTime() > deadline) {
                stopRedis();
                fail("redis-server did not come up on 127.0.0.1:" + REDIS_PORT + ": "
                        + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null && redis.isAlive()) {
            redis.destroy();
            if (!redis.waitFor(5, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
                redis.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean redisAnswersPing() {
        try {
            return redisCommand("PING").equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** One inline Redis command; the first line of its answer (enough for PING, DBSIZE, FLUSHALL). */
    private static String redisCommand(String command) throws IOException {
        return redisLines(command, 1).get(0);
    }

    /** One inline Redis command and the first {@code count} lines of its answer. */
    private static List<String> redisLines(String command, int count) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", REDIS_PORT), 500);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            int c;
            while (lines.size() < count && (c = in.read()) >= 0) {
                if (c == '\n') {
                    lines.add(line.toString().strip());
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
            return lines;
        }
    }

    /** The keys in Redis, each with its remaining time to live in ms, for a failure message. */
    private static String redisKeysWithTtl() throws IOException {
        long count = Long.parseLong(redisCommand("DBSIZE").substring(1));
        List<String> answer = redisLines("KEYS *", 1 + 2 * (int) Math.min(count, 20));
        List<String> keys = new ArrayList<>();
        for (int i = 2; i < answer.size(); i += 2) {
            String key = answer.get(i);
            keys.add(key + " (PTTL " + redisCommand("PTTL " + key).substring(1) + " ms)");
        }
        return String.join(", ", keys);
    }

    @BeforeEach
    void emptyRedis() throws IOException {
        assertEquals("+OK", redisCommand("FLUSHALL"));
    }

    /** Strip mode forgets a mapping when its dialog ends: nothing is left in the shared store. */
    private static void assertRedisEmpty() throws Exception {
        String keys = redisCommand("DBSIZE");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!keys.equals(":0") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            keys = redisCommand("DBSIZE");
        }
        if (!keys.equals(":0")) {
            fail("mappings left in Redis after the BYE: " + redisKeysWithTtl());
        }
    }

    // ---- variants ----

    static Stream<Arguments> sharedMappings() {
        String key = newKey();
        String mask = mask(key, "");
        String redisStrip = strip("redis", REDIS_URI);
        return Stream.of(Hangup.values()).flatMap(hangup -> Stream.of(
                Arguments.of("mask, one key on both nodes", mask, mask, hangup),
                Arguments.of("strip, both nodes on one Redis", redisStrip, redisStrip, hangup)));
    }

    @ParameterizedTest(name = "{0}, BYE from the {3}")
    @MethodSource("sharedMappings")
    void byeAfterFailoverReachesTheFarSideThroughNodeB(String variant, String topologyA, String topologyB,
            Hangup hangup) throws Exception {
        Parties parties = failover(topologyA, topologyB, hangup.phoneRouted, hangup.pbxRouted);
        assertEquals(1, parties.nodeB().get(Counter.TOPOLOGY_DIALOGS_RECOVERED), "calls node B rebuilt");
        if (topologyB.contains("store: redis")) {
            assertRedisEmpty();
        }
    }

    static Stream<Arguments> sharedMappingsOverTcp() {
        String key = newKey();
        return Stream.of(Arguments.of("mask, one key on both nodes", mask(key, "")),
                Arguments.of("strip, both nodes on one Redis", strip("redis", REDIS_URI)));
    }

    /**
     * Over TCP the phone's connection dies with node A; the phone connects again (to node B, at
     * the same address) and sends its BYE there.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedMappingsOverTcp")
    void byeOverANewTcpConnectionAfterFailoverReachesThePbx(String variant, String topology) throws Exception {
        SbcServer nodeA = null;
        SbcServer nodeB = null;
        SippRun pbx = SippRun.start(failoverScenario(Hangup.PHONE.pbxRouted), PBX, PBX_PORT, "u1", "", List.of());
        try {
            nodeA = start(ADMIN_A, topology);
            pbx.awaitListening(Duration.ofSeconds(5)); // the PBX listens before the phone dials
            try (TcpCaller phone = new TcpCaller(PHONE, new InetSocketAddress(OUTSIDE, 5060))) {
                phone.call();
                awaitAnsweredAndAcked(nodeA);
                nodeA.close();
                nodeA = null;
                nodeB = start(ADMIN_B, topology);
                phone.reconnect();
                assertEquals("SIP/2.0 200 OK", phone.hangUp(), "node B's answer to the BYE");
            }
            pbx.assertSucceeds("PBX");
            awaitIdle(nodeB);
            assertEquals(1, nodeB.counters().get(Counter.TOPOLOGY_DIALOGS_RECOVERED), "calls node B rebuilt");
        } finally {
            pbx.stop();
            if (nodeA != null) {
                nodeA.close();
            }
            if (nodeB != null) {
                nodeB.close();
            }
        }
        if (topology.contains("store: redis")) {
            assertRedisEmpty();
        }
    }

    @ParameterizedTest(name = "BYE from the {0}")
    @EnumSource(Hangup.class)
    void byeAfterFailoverRoutesWhenNodeBHasRotatedTheKey(Hangup hangup) throws Exception {
        String oldKey = newKey();
        Parties parties = failover(mask(oldKey, ""), mask(newKey(), oldKey), hangup.phoneRouted, hangup.pbxRouted);
        assertEquals(1, parties.nodeB().get(Counter.TOPOLOGY_DIALOGS_RECOVERED), "calls node B rebuilt");
    }

    @ParameterizedTest(name = "BYE from the {0}")
    @EnumSource(Hangup.class)
    void byeAfterFailoverIsRefusedWhenTheStripStoreIsNodeLocal(Hangup hangup) throws Exception {
        String memory = strip("memory", "");
        Parties parties = failover(memory, memory, hangup.phoneRefused, hangup.pbxRefused);
        assertEquals("481", parties.answerToBye(hangup),
                "node B holds no mapping for the handle: the BYE matches no dialog");
        assertRefusedByNodeB(parties);
    }

    @ParameterizedTest(name = "BYE from the {0}")
    @EnumSource(Hangup.class)
    void byeAfterFailoverIsRefusedWhenNodeBHasAnotherKey(Hangup hangup) throws Exception {
        Parties parties = failover(mask(newKey(), ""), mask(newKey(), ""), hangup.phoneRefused, hangup.pbxRefused);
        String status = parties.answerToBye(hangup);
        assertTrue(status.equals("481") || status.equals("400"),
                "a token sealed under another key opens to nothing: 481 or 400, got " + status);
        assertRefusedByNodeB(parties);
    }

    private static void assertRefusedByNodeB(Parties parties) {
        assertEquals(0, parties.nodeB().get(Counter.TOPOLOGY_DIALOGS_RECOVERED), "calls node B rebuilt");
        assertTrue(parties.nodeB().get(Counter.TOPOLOGY_HANDLES_REJECTED) >= 1, "handles node B rejected");
    }

    // ---- the failover ----

    /** The two sipp parties of a finished call, for their message logs. */
    private record Parties(SippRun phone, SippRun pbx, Counters nodeB) {

        /** The status code of the last response the hanging-up party got to its BYE. */
        String answerToBye(Hangup hangup) throws IOException {
            SippRun sender = hangup == Hangup.PHONE ? phone : pbx;
            String status = "";
            for (String headers : sender.receivedHeaders()) {
                if (headers.startsWith("SIP/2.0 ") && headers.matches("(?s).*\\nCSeq:\\s*\\d+ BYE.*")) {
                    status = headers.substring(8, 11);
                }
            }
            if (status.isEmpty()) {
                fail("the " + hangup + " got no answer to its BYE: " + sender.receivedHeaders());
            }
            return status;
        }
    }

    /**
     * Runs one call across the takeover. Both sipp parties must succeed; node B must be idle
     * afterwards.
     */
    private static Parties failover(String topologyA, String topologyB, String phoneScenario, String pbxScenario)
            throws Exception {
        SbcServer nodeA = null;
        SbcServer nodeB = null;
        SippRun pbx = null;
        SippRun phone = null;
        try {
            nodeA = start(ADMIN_A, topologyA);
            pbx = SippRun.start(failoverScenario(pbxScenario), PBX, PBX_PORT, "u1", "", List.of())
                    .awaitListening(Duration.ofSeconds(5)); // the PBX listens before the phone dials
            phone = SippRun.start(failoverScenario(phoneScenario), PHONE, 0, "u1", OUTSIDE + ":5060", List.of());

            awaitAnsweredAndAcked(nodeA);
            long switchStart = System.nanoTime();
            nodeA.close();
            nodeA = null;
            nodeB = start(ADMIN_B, topologyB);
            long switchMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - switchStart);
            System.out.println("failover: node A stopped and node B listening in " + switchMillis + " ms");

            assertBothSucceed(phone, pbx);
            awaitIdle(nodeB);
            return new Parties(phone, pbx, nodeB.counters());
        } finally {
            if (phone != null) {
                phone.stop();
            }
            if (pbx != null) {
                pbx.stop();
            }
            if (nodeA != null) {
                nodeA.close();
            }
            if (nodeB != null) {
                nodeB.close();
            }
        }
    }

    /** Waits for both parties and reports every one that failed, with what it received. */
    private static void assertBothSucceed(SippRun phone, SippRun pbx) throws Exception {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, SippRun> party : List.of(Map.entry("phone", phone), Map.entry("PBX", pbx))) {
            try {
                party.getValue().assertSucceeds(party.getKey());
            } catch (AssertionError e) {
                failures.add(e.getMessage() + "\n" + party.getKey() + " received:\n"
                        + String.join("\n--\n", party.getValue().receivedHeaders()));
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n\n", failures));
        }
    }

    /** SippRun reads scenarios under sipp/flows; ours sit beside them in sipp/failover. */
    private static String failoverScenario(String name) {
        return "../failover/" + name;
    }

    private static SbcServer start(int adminPort, String topology) throws Exception {
        Path file = Files.createTempDirectory("sbc-failover").resolve("sbc.yaml");
        Files.writeString(file, yaml(adminPort, topology));
        return SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(file)));
    }

    /**
     * The call is confirmed on node A and the phone's ACK has been relayed to the PBX: the
     * B2BUA holds the call (two dialog entries), the 2xx was relayed and A has received the four
     * messages of the set-up (INVITE, 180, 200, ACK). The ACK goes end to end, so stopping A
     * before it has left would leave the PBX waiting for it.
     */
    private static void awaitAnsweredAndAcked(SbcServer node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (true) {
            B2bua.State state = node.b2bua().state();
            if (state.calls() == 1 && state.dialogs() == 2
                    && node.counters().get(Counter.CALLS_ANSWERED) == 1
                    && node.counters().get(Counter.MESSAGES_RECEIVED) >= 4) {
                break;
            }
            if (System.nanoTime() > deadline) {
                fail("the call was not answered and ACKed through node A within 3 s: " + state + ", "
                        + node.counters().get(Counter.MESSAGES_RECEIVED) + " messages received");
            }
            Thread.sleep(20);
        }
        Thread.sleep(200); // the ACK is relayed on the call's shard right after it was counted
    }

    /** No dialog and no transaction is left on node B once its timers have run out. */
    private static void awaitIdle(SbcServer node) throws InterruptedException {
        B2bua.State state = node.b2bua().state();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!isIdle(state) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            state = node.b2bua().state();
        }
        assertTrue(isIdle(state), "node B left state behind: " + state);
    }

    private static boolean isIdle(B2bua.State state) {
        return state.idleButRegistrations() && state.registrations() == 0 && state.bindings() == 0;
    }

    // ---- configuration ----

    private static String yaml(int adminPort, String topology) {
        return "outside:\n"
                + "  listen: [udp:" + OUTSIDE + ":5060, tcp:" + OUTSIDE + ":5060]\n"
                + "inside:\n"
                + "  listen: [udp:" + INSIDE + ":" + INSIDE_PORT + "]\n"
                + "  pbx: sip:" + PBX + ":" + PBX_PORT + "\n"
                + "admin:\n"
                + "  listen: " + OUTSIDE + ":" + adminPort + "\n"
                + "security:\n"
                + "  trusted: [" + PBX + ", " + PHONE + "]\n"
                + "b2bua:\n"
                // Short timers: the BYE's transactions on node B end within seconds.
                + "  t1_ms: 100\n"
                + "  t2_ms: 1000\n"
                + "  t4_ms: 1000\n"
                + "  keepalive_seconds: 0\n"
                + topology;
    }

    private static String mask(String key, String previousKey) {
        return "topology_hiding:\n"
                + "  mode: mask\n"
                + "  outside_host: \"\"\n"
                + "  inside_names: []\n"
                + "  mask:\n"
                + "    key: \"" + key + "\"\n"
                + "    previous_key: \"" + previousKey + "\"\n";
    }

    private static String strip(String store, String redisUri) {
        return "topology_hiding:\n"
                + "  mode: strip\n"
                + "  outside_host: \"\"\n"
                + "  inside_names: []\n"
                + "  strip:\n"
                + "    store: " + store + "\n"
                + "    redis: \"" + redisUri + "\"\n"
                + "    max_entries: 200000\n";
    }

    /** A fresh 256-bit AEAD key, as an operator makes one: {@code openssl rand -base64 32}. */
    private static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}

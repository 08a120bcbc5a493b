package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sbc.core.SbcServer;
import org.sbc.core.b2bua.B2bua;
import org.sbc.core.config.ConfigLoader;

/**
 * Zero leaks: with topology hiding on, not one byte the SBC sends on its outside address names
 * the inside (the PBX's name and subdomains, its address and port, the SBC's inside address and
 * port), in any header or body, plain, percent-encoded, as hex or as base64. The PBX names
 * itself everywhere it can; every flow must still work as a call. The proof is a tcpdump
 * capture of everything sent from the outside address, parsed here, so nothing the SBC sends
 * escapes the check (and a capture that saw nothing fails the test).
 */
class TopologyLeakIT {

    private static final String OUTSIDE = LeakFlows.OUTSIDE;
    private static final int REDIS_PORT = 16391;
    private static final int MAX_REPORTED_MESSAGES = 60;
    /**
     * -Dtopology.leak.baseline=true runs the suite without the topology_hiding section: it must then
     * fail with leaks, which shows the capture and the scanner can see them.
     */
    private static final String BASELINE = "topology.leak.baseline";
    /** -Dtopology.leak.only=strip_redis-tcp runs one variant (while debugging a leak). */
    private static final String ONLY = "topology.leak.only";

    enum Hiding {
        MASK("mask"), STRIP_MEMORY("strip, store memory"), STRIP_REDIS("strip, store redis");

        private final String label;

        Hiding(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> variants() {
        List<Arguments> variants = new ArrayList<>();
        String only = System.getProperty(ONLY, "");
        for (Hiding hiding : Hiding.values()) {
            for (String transport : List.of("udp", "tcp")) {
                if (only.isEmpty() || only.equals(hiding.name().toLowerCase() + "-" + transport)) {
                    variants.add(Arguments.of(hiding, transport));
                }
            }
        }
        return variants.stream();
    }

    @ParameterizedTest(name = "{0}, phones over {1}")
    @MethodSource("variants")
    void nothingInsideReachesTheOutside(Hiding hiding, String transport, @TempDir Path dir) throws Exception {
        int adminPort = 18501 + hiding.ordinal() * 2 + (transport.equals("tcp") ? 1 : 0);
        Process redis = hiding == Hiding.STRIP_REDIS ? startRedis() : null;
        PcapCapture capture = null;
        try {
            Path configFile = Files.writeString(dir.resolve("sbc.yaml"), config(hiding, adminPort));
            List<PcapCapture.Packet> packets;
            B2bua.State state;
            LeakFlows flows;
            try (SbcServer sbc = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(configFile)),
                    Optional.of(configFile))) {
                flows = new LeakFlows(transport, hiding.name().toLowerCase(), () -> sbc.b2bua().state());
                capture = PcapCapture.start(dir.resolve("outside.pcap"), "src host " + OUTSIDE);
                flows.runAll();
                state = idleState(sbc);
                Thread.sleep(500); // the last datagrams reach the capture file
                packets = capture.stopAndRead();
            }
            List<String> problems = new ArrayList<>();
            for (LeakFlows.Failure failure : flows.failures()) {
                problems.add("FLOW FAILED: " + failure.flow() + ": " + failure.what());
            }
            if (!state.idleButRegistrations()) {
                problems.add("STATE LEFT BEHIND after every flow ended: " + state);
            }
            List<String> sipp = leftoverSipp();
            if (!sipp.isEmpty()) {
                problems.add("SIPP STILL RUNNING: " + sipp);
            }
            List<LeakScanner.Sent> sent = LeakScanner.messages(packets);
            problems.addAll(captureIsReal(sent, flows));
            List<LeakScanner.Leak> leaks = scanner().scan(sent);
            String report = report(hiding + ", phones over " + transport, problems, leaks, flows.windows);
            Path reportFile = Path.of("target", "topology-leaks", hiding.name().toLowerCase() + "-" + transport + ".txt");
            Files.createDirectories(reportFile.getParent());
            Files.writeString(reportFile, report + captureIndex(sent, flows.windows));
            Files.writeString(reportFile.resolveSibling(hiding.name().toLowerCase() + "-" + transport + "-capture.txt"),
                    capture(sent, flows.windows));
            assertTrue(problems.isEmpty() && leaks.isEmpty(), report + "\n(full report: " + reportFile.toAbsolutePath() + ")");
        } finally {
            if (capture != null) {
                capture.close();
            }
            if (redis != null) {
                redis.destroy();
                if (!redis.waitFor(5, TimeUnit.SECONDS)) {
                    redis.destroyForcibly();
                }
            }
        }
    }

    private static String config(Hiding hiding, int adminPort) {
        String topology = switch (hiding) {
            case MASK -> """
                    topology_hiding:
                      mode: mask
                      outside_host: ""
                      inside_names: [%s]
                      mask:
                        key: "%s"
                    """.formatted(LeakFlows.PBX_NAME, randomKey());
            case STRIP_MEMORY -> """
                    topology_hiding:
                      mode: strip
                      inside_names: [%s]
                      strip:
                        store: memory
                        max_entries: 200000
                    """.formatted(LeakFlows.PBX_NAME);
            case STRIP_REDIS -> """
                    topology_hiding:
                      mode: strip
                      inside_names: [%s]
                      strip:
                        store: redis
                        redis: redis://127.0.0.1:%d
                        max_entries: 200000
                    """.formatted(LeakFlows.PBX_NAME, REDIS_PORT);
        };
        return """
                outside:
                  listen: [udp:%1$s:5060, tcp:%1$s:5060]
                inside:
                  listen: [udp:%2$s:%3$d]
                  pbx: sip:%4$s:%5$d
                admin:
                  listen: %1$s:%6$d
                security:
                  trusted: [127.0.41.48/28, %4$s]
                b2bua:
                  t1_ms: 100
                  t2_ms: 1000
                  t4_ms: 1000
                  keepalive_seconds: 0
                """.formatted(OUTSIDE, LeakFlows.INSIDE, LeakFlows.INSIDE_PORT, LeakFlows.PBX, LeakFlows.PBX_PORT,
                adminPort) + (Boolean.getBoolean(BASELINE) ? "" : topology);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static LeakScanner scanner() {
        return new LeakScanner(List.of(LeakFlows.PBX, LeakFlows.INSIDE),
                List.of(Integer.toString(LeakFlows.PBX_PORT), Integer.toString(LeakFlows.INSIDE_PORT)),
                List.of(LeakFlows.PBX_NAME));
    }

    /** Our own Redis for the strip/redis variant, on its own port, stopped by its handle. */
    private static Process startRedis() throws Exception {
        Tools.require("redis-server", "redis-server");
        Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(REDIS_PORT), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", REDIS_PORT), 200);
                return redis;
            } catch (IOException e) {
                if (!redis.isAlive()) {
                    fail("redis-server exited " + redis.exitValue() + " (is port " + REDIS_PORT + " taken?)");
                }
                Thread.sleep(50);
            }
        }
        redis.destroyForcibly();
        fail("redis-server did not listen on " + REDIS_PORT + " within 5 s");
        return null;
    }

    /** Waits until no call or transaction is left (bounded: T1 is short here; timer D is 32 s whatever T1). */
    private static B2bua.State idleState(SbcServer sbc) throws InterruptedException {
        B2bua.State state = sbc.b2bua().state();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40); // timer D is 32 s over UDP
        while (!state.idleButRegistrations() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            state = sbc.b2bua().state();
        }
        return state;
    }

    private static List<String> leftoverSipp() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(p.info().command().orElse("?")))
                .filter(c -> c.contains("sipp")).toList();
    }

    /** The capture must hold the flows: every phone Call-ID, answers, hang-ups. Empty is a failure. */
    private static List<String> captureIsReal(List<LeakScanner.Sent> sent, LeakFlows flows) {
        List<String> problems = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (LeakScanner.Sent message : sent) {
            all.append(message.text()).append('\n');
        }
        String text = all.toString();
        if (sent.size() < 60) {
            problems.add("CAPTURE TOO SMALL: " + sent.size() + " messages from " + OUTSIDE + " (expected the whole suite)");
        }
        for (String expected : List.of("SIP/2.0 200", "SIP/2.0 180", "SIP/2.0 486", "BYE ", "NOTIFY ", "REFER ", "INVITE ")) {
            if (!text.contains(expected)) {
                problems.add("CAPTURE MISSES \"" + expected.strip() + "\": the SBC's messages to the phones were not seen");
            }
        }
        for (String callId : flows.phoneCallIds) {
            if (!text.contains(callId)) {
                problems.add("CAPTURE MISSES the phone Call-ID " + callId);
            }
        }
        return problems;
    }

    private static String report(String variant, List<String> problems, List<LeakScanner.Leak> leaks,
            List<LeakFlows.Window> windows) {
        StringBuilder out = new StringBuilder("Topology leak test, " + variant + ": " + problems.size() + " problems, "
                + leaks.size() + " leaks\n");
        problems.forEach(p -> out.append("  ").append(p).append('\n'));
        Map<String, List<String>> distinct = new LinkedHashMap<>();
        Map<LeakScanner.Sent, List<LeakScanner.Leak>> byMessage = new LinkedHashMap<>();
        for (LeakScanner.Leak leak : leaks) {
            distinct.computeIfAbsent(firstLine(leak.message().text()).replaceAll("^(\\S+ \\S+).*", "$1")
                    .replaceAll("sip:\\S+", "sip:...") + " | " + leak.line(), k -> new ArrayList<>())
                    .add(flowOf(leak.message(), windows));
            byMessage.computeIfAbsent(leak.message(), k -> new ArrayList<>()).add(leak);
        }
        if (!leaks.isEmpty()) {
            out.append("\nOffending lines (message | line  <- flows):\n");
            distinct.forEach((line, flowNames) -> out.append("  ").append(line).append("  <- ")
                    .append(flowNames.stream().distinct().toList()).append('\n'));
            out.append("\nLeaking messages (").append(byMessage.size()).append("):\n");
            int shown = 0;
            for (Map.Entry<LeakScanner.Sent, List<LeakScanner.Leak>> entry : byMessage.entrySet()) {
                if (++shown > MAX_REPORTED_MESSAGES) {
                    out.append("... and ").append(byMessage.size() - MAX_REPORTED_MESSAGES).append(" more\n");
                    break;
                }
                LeakScanner.Sent message = entry.getKey();
                out.append("=== flow: ").append(flowOf(message, windows)).append(" | ").append(message.protocol())
                        .append(" to ").append(message.to()).append('\n');
                for (LeakScanner.Leak leak : entry.getValue()) {
                    out.append("    ").append(leak.rule()).append(": \"").append(leak.match()).append("\" in: ")
                            .append(leak.line()).append('\n');
                }
                out.append(message.text().replace("\r\n", "\n").stripTrailing()).append("\n");
            }
        }
        return out.toString();
    }

    /** Every message in the capture, whole: to read what the outside saw. */
    private static String capture(List<LeakScanner.Sent> sent, List<LeakFlows.Window> windows) {
        StringBuilder out = new StringBuilder();
        for (LeakScanner.Sent message : sent) {
            out.append("=== ").append(flowOf(message, windows)).append(" | ").append(message.protocol()).append(" to ")
                    .append(message.to()).append('\n').append(message.text().replace("\r\n", "\n").stripTrailing())
                    .append("\n\n");
        }
        return out.toString();
    }

    /** Every message in the capture, one line each: for the report file, to follow a flow. */
    private static String captureIndex(List<LeakScanner.Sent> sent, List<LeakFlows.Window> windows) {
        StringBuilder out = new StringBuilder("\nThe SBC's tables right after each flow (transactions may still be ending):\n");
        for (LeakFlows.Window window : windows) {
            out.append("  ").append(window.flow()).append(": ").append(window.stateAfter()).append('\n');
        }
        out.append("\nEverything the SBC sent from " + OUTSIDE + " (" + sent.size() + "):\n");
        for (LeakScanner.Sent message : sent) {
            String callId = message.text().replaceAll("(?s).*?\r\n(?:Call-ID|i)\\s*:\\s*([^\r]*).*", "$1");
            out.append(String.format("  %d.%06d %-45s %s %-22s %-40s %s%n", message.micros() / 1_000_000,
                    message.micros() % 1_000_000, flowOf(message, windows), message.protocol(), message.to(),
                    firstLine(message.text()), callId.length() > 80 ? "" : callId));
        }
        return out.toString();
    }

    private static String firstLine(String text) {
        int end = text.indexOf("\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    private static String flowOf(LeakScanner.Sent message, List<LeakFlows.Window> windows) {
        String after = "before the first flow";
        for (LeakFlows.Window window : windows) {
            if (message.micros() >= window.startMicros() && message.micros() <= window.endMicros()) {
                return window.flow();
            }
            if (message.micros() > window.endMicros()) {
                after = "after \"" + window.flow() + "\"";
            }
        }
        return after;
    }
}

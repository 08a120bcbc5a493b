package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.json.JsonText;

/**
 * The policy tools as an operator runs them, through {@code ./sbc}: {@code policy test} on the
 * example messages, {@code policy replay} on a capture tcpdump records of sipp calls through a
 * running SBC, and {@code run} refusing a broken policy with its file:line:column.
 */
@Timeout(120)
class PolicyToolsIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MESSAGES = ROOT.resolve("examples/policies/messages");
    private static final String SBC_IP = "127.0.10.50";
    private static final String PBX_IP = "127.0.10.51";
    private static final String CALLER_IP = "127.0.10.52";
    private static final Pattern REQUEST_LINE = Pattern.compile("(?m)^([A-Z]+) sip:(\\S+) SIP/2\\.0\r\n");

    @TempDir
    Path dir;

    private Path config() throws Exception {
        Files.copy(Path.of("src/test/resources/policies/contract.yaml"), dir.resolve("edge-policy.yaml"));
        return Files.writeString(dir.resolve("sbc.yaml"),
                "outside:\n  listen: [udp:" + SBC_IP + ":25160, tcp:" + SBC_IP + ":25160]\n"
                        + "inside:\n  listen: [udp:" + SBC_IP + ":25170]\n  pbx: sip:" + PBX_IP + ":25180\n"
                        + "admin:\n  listen: " + SBC_IP + ":25161\n"
                        + "policy:\n  files: [edge-policy.yaml]\n");
    }

    private record Run(int exit, String out) {}

    private static Run sbc(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("sbc").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "sbc " + List.of(args) + " did not finish");
        return new Run(process.exitValue(), out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Run run) throws Exception {
        assertEquals(0, run.exit(), run.out());
        return (Map<String, Object>) JsonText.parse(run.out().strip());
    }

    @Test
    void policyTestPrintsTheDocumentedJsonForTheExampleMessages() throws Exception {
        Path config = config();

        Map<String, Object> premium = json(sbc("policy", "test", "--config", config.toString(), "--source", "198.51.100.20",
                MESSAGES.resolve("invite-national.sip").toString(), "--json"));
        Map<String, Object> probe = json(sbc("policy", "test", "--config", config.toString(), "--source", "198.51.100.66",
                "--transport", "tcp", MESSAGES.resolve("options-probe.sip").toString(), "--json"));
        Map<String, Object> message = json(sbc("policy", "test", "--config", config.toString(), "--source", "198.51.100.20",
                MESSAGES.resolve("message.sip").toString(), "--json"));

        assertEquals("allow", premium.get("action"));
        assertEquals("default", premium.get("rule"));
        assertEquals("allow", probe.get("action"));
        assertEquals("scanner-watch", probe.get("monitor"));
        assertEquals("ban", message.get("action"));
        assertEquals("lab-only", message.get("rule"));
    }

    @Test
    void policyReplayCountsTheRequestsAndHitsOfARecordedCapture() throws Exception {
        Path config = config();
        Path capture = dir.resolve("calls.pcap");
        List<PcapCapture.Packet> packets;
        try (SbcServer server = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)),
                Optional.of(config));
                PcapCapture tcpdump = PcapCapture.start(capture, "host " + SBC_IP + " and port 25160")) {
            sippCall("uac_403.xml", "u1", 25190, "900123", false);
            sippCall("uac_403.xml", "t1", 25191, "+1900555", false);
            sippCall("-sn uac", "u1", 25192, "2001", true);
            packets = tcpdump.stopAndRead();
            assertTrue(server.policy().isPresent());
        }
        // What the capture holds, read by the test's own pcap reader: every request line sent to the SBC.
        int requests = 0;
        int premium = 0;
        for (PcapCapture.Packet packet : packets) {
            if (!packet.dst().equals(SBC_IP)) {
                continue;
            }
            Matcher line = REQUEST_LINE.matcher(packet.text());
            while (line.find()) {
                requests++;
                if (line.group(1).equals("INVITE") && line.group(2).matches("(\\+1)?900.*")) {
                    premium++;
                }
            }
        }
        assertTrue(premium >= 2, "two premium INVITEs captured: " + premium + " of " + packets.size() + " packets");

        Map<String, Object> replay = json(sbc("policy", "replay", "--config", config.toString(), capture.toString(), "--json"));

        assertEquals((long) requests, ((Number) replay.get("requests")).longValue(), replay.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> hits = (Map<String, Object>) replay.get("hits");
        assertEquals((long) premium, ((Number) hits.get("no-premium")).longValue(), replay.toString());
        assertEquals((long) requests - premium, ((Number) hits.get("default")).longValue(), replay.toString());
    }

    private static void sippCall(String scenario, String transport, int port, String number, boolean reachesPbx)
            throws Exception {
        SippCall.dial(scenario, transport, CALLER_IP, port, SBC_IP + ":25160", number, reachesPbx ? PBX_IP + ":25180" : "");
    }

    @Test
    void runReloadsThePolicyOnSighup() throws Exception {
        Path config = config();
        Files.writeString(config, Files.readString(config).replace(SBC_IP, "127.0.10.55"));
        Process sbc = new ProcessBuilder(ROOT.resolve("sbc").toString(), "run", "--config", config.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(sbc.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(lines::add), "sbc-output");
        reader.setDaemon(true);
        reader.start();
        try {
            awaitLine(lines, sbc, "sbc: running");
            assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(sbc.pid())).start().waitFor());
            String reload = awaitLine(lines, sbc, "policy: reloaded 3 rules from", "SIGHUP is ignored");
            // The JVM takes no SIGHUP handler in a process that inherited the signal as ignored.
            assertFalse(reload.contains("SIGHUP is ignored"),
                    "this test's environment ignores SIGHUP (run under nohup?), so no JVM it starts can take it: " + reload);
            awaitLine(lines, sbc, "security event POLICY_RELOAD src=0.0.0.0:0 transport=- step=\"policy\" reason=\"reloaded\"");
        } finally {
            sbc.destroy(); // SIGTERM, by its own pid
            if (!sbc.waitFor(10, TimeUnit.SECONDS)) {
                sbc.destroyForcibly();
            }
        }
    }

    /** The first line that contains any of {@code texts}, once one appears within 30 s. */
    private static String awaitLine(List<String> lines, Process sbc, String... texts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // the first ./sbc may build the jar
        while (true) {
            for (String line : lines) {
                for (String text : texts) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            assertTrue(sbc.isAlive(), "sbc exited: " + lines);
            assertTrue(System.nanoTime() < deadline, "no line with any of " + List.of(texts) + " within 30 s: " + lines);
            Thread.sleep(20);
        }
    }

    @Test
    void runRefusesABrokenPolicyWithItsPosition() throws Exception {
        Path config = config();
        Files.writeString(dir.resolve("edge-policy.yaml"), "rules:\n  - id: x\n    match: { methd: INVITE }\n    action: drop\ndefault: allow\n");

        Run run = sbc("run", "--config", config.toString());

        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains(dir.resolve("edge-policy.yaml") + ":3:14: rules[0].match.methd: unknown key 'methd'"),
                run.out());
        Run check = sbc("check-config", config.toString());
        assertEquals(1, check.exit());
        assertEquals(run.out().strip(), check.out().strip(), "check-config and run report the same problems");
    }
}

package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.CallRecordsConfig;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Side;
import org.sbc.core.json.JsonText;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;

/**
 * A real call (sipp to a sipp PBX through the SBC) leaves one JSON line in call_records.file,
 * labelled with the policy rule and the caller's authentication, and copied to syslog.
 */
class CallRecordsIT {

    private static final String OUTSIDE = "127.0.17.51";
    private static final String INSIDE = "127.0.17.52";
    private static final String PBX = "127.0.17.53";
    private static final String CALLER = "127.0.17.54";

    @Test
    void writesOneRecordPerCall(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calls.jsonl");
        SbcConfig config = TestServers.withTemporaryBanState(SbcConfig.defaults())
                .withSides(new Side(List.of(new ListenAddress(Transport.UDP, InetAddress.getByName(OUTSIDE), 5060))),
                        new Side(List.of(new ListenAddress(Transport.UDP, InetAddress.getByName(INSIDE), 5070))))
                .withPbx(new PbxTarget("sip:" + PBX + ":5080", PBX, 5080, Transport.UDP))
                .withAdminListen(new InetSocketAddress(OUTSIDE, 18751))
                .withCallRecords(new CallRecordsConfig(Optional.of(file), 10, 1, 1_000));
        Instant before = Instant.now();
        try (SbcServer sbc = SbcServer.start(config)) {
            SippRun pbx = SippRun.start("-sn uas", PBX, 5080, "u1", "", List.of());
            SippRun caller = null;
            try {
                pbx.awaitListening(Duration.ofSeconds(5));
                caller = SippRun.start("-sn uac", CALLER, 5071, "u1", OUTSIDE + ":5060", List.of("-d", "500", "-s", "4155550100"));
                caller.assertSucceeds("caller");
                pbx.assertSucceeds("PBX");
            } finally {
                if (caller != null) {
                    caller.stop();
                }
                pbx.stop();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (sbc.counters().get(Counter.CALL_RECORDS_WRITTEN) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20); // the writer thread flushes on its own; bounded by the deadline
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        Map<?, ?> record = (Map<?, ?>) JsonText.parse(lines.get(0));
        assertTrue(record.get("ending").equals("bye_from_outside") || record.get("ending").equals("bye_from_inside"), lines.get(0));
        assertEquals("outside", record.get("caller_side"));
        assertEquals(CALLER, record.get("outside_address"));
        assertEquals("4155550100", record.get("called_user"));
        assertTrue(Instant.parse((String) record.get("start")).isAfter(before.minusSeconds(1)), lines.get(0));
        assertTrue(record.containsKey("answer") && record.containsKey("end"), lines.get(0));
        assertTrue(((String) record.get("inside_call_id")).startsWith("s"), "the inside Call-ID is ours: " + lines.get(0));
    }

    private static final String LABELS_OUTSIDE = "127.0.21.60";
    private static final String LABELS_INSIDE = "127.0.21.61";
    private static final String LABELS_PBX = "127.0.21.62";
    private static final String LABELS_CALLER = "127.0.21.63";
    private static final String COLLECTOR = "127.0.21.64";

    /**
     * Each record names the policy rule that let the call in and how its caller authenticated,
     * and a copy of each goes to a syslog collector (a UDP socket here) as the same JSON.
     */
    @Test
    void labelsEachRecordWithRuleAndAuthAndCopiesItToSyslog(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("calls.yaml"), """
                rules:
                  - id: calls-in
                    match: { method: INVITE }
                    action: allow
                  - id: in-dialog
                    match: { method: [ACK, BYE, CANCEL] }
                    action: allow
                default: { reject: 403 }
                """);
        try (DatagramSocket collector = new DatagramSocket(new InetSocketAddress(COLLECTOR, 21514));
                SbcServer sbc = TestServers.startFromYaml(dir,
                        "outside:",
                        "  listen: [udp:" + LABELS_OUTSIDE + ":21060]",
                        "inside:",
                        "  listen: [udp:" + LABELS_INSIDE + ":21070]",
                        "  pbx: sip:" + LABELS_PBX + ":21080",
                        "admin:",
                        "  listen: " + LABELS_OUTSIDE + ":21091",
                        "policy:",
                        "  files: [calls.yaml]",
                        "call_records:",
                        "  file: calls.jsonl",
                        "  syslog: { transport: udp, address: \"" + COLLECTOR + ":21514\", facility: local3 }")) {
            collector.setSoTimeout(5_000);
            // A caller that sends credentials the SBC does not check: they go to the PBX, which judges them.
            try (SipPeer pbx = SipPeer.udp("pbx", LABELS_PBX, 21080, new InetSocketAddress(LABELS_INSIDE, 21070));
                    SipPeer caller = SipPeer.udp("alice", LABELS_CALLER, 0, new InetSocketAddress(LABELS_OUTSIDE, 21060))) {
                SipMsg invite = caller.invite("sip:4155550100@" + LABELS_OUTSIDE, "tenant.example");
                caller.send(invite.text().replace("Content-Length: 0\r\n", "Proxy-Authorization: Digest username=\"alice\","
                        + " realm=\"tenant.example\", nonce=\"n\", uri=\"sip:4155550100@" + LABELS_OUTSIDE + "\","
                        + " response=\"0123456789abcdef0123456789abcdef\"\r\nContent-Length: 0\r\n"));
                SipMsg relayed = pbx.expectRequest("INVITE");
                pbx.send(pbx.response(relayed, 486, "Busy Here", "pbx", "", "", ""));
                SipMsg answer = caller.expectFinal("INVITE");
                caller.send(SipPeer.ackFor(invite, answer));
                assertEquals(486, answer.status(), answer.head());
            }
            DatagramPacket copy = new DatagramPacket(new byte[8_192], 8_192);
            collector.receive(copy);
            String message = new String(copy.getData(), 0, copy.getLength(), StandardCharsets.UTF_8);
            // <PRI> = local3 (19) * 8 + informational (6) = 158; MSGID CALL_RECORD; MSG the JSON line.
            assertTrue(message.startsWith("<158>1 ") && message.contains(" CALL_RECORD [meta sequenceId=\"1\"] {"),
                    message);
            Map<?, ?> record = (Map<?, ?>) JsonText.parse(message.substring(message.indexOf("] {") + 2));
            assertEquals("calls-in", record.get("policy_rule"), message);
            assertEquals("pbx", record.get("auth"), message);
            assertEquals("alice", record.get("auth_user"), message);
            assertEquals("not_answered", record.get("ending"), message);

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (sbc.counters().get(Counter.CALL_RECORDS_WRITTEN) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20); // the writer thread flushes on its own; bounded by the deadline
            }
            List<String> lines = Files.readAllLines(dir.resolve("calls.jsonl"));
            assertEquals(1, lines.size(), lines.toString());
            assertEquals(record, JsonText.parse(lines.get(0)), "the copy is the line in the file");
        }
    }
}

package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.sbc.core.config.ListenAddress;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Side;
import org.sbc.core.config.Transport;
import org.sbc.core.json.JsonText;
import org.sbc.core.metrics.Counter;

/** A real call (sipp to a sipp PBX through the SBC) leaves one JSON line in call_records.file. */
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
}

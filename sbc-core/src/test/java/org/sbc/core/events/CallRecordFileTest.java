package org.sbc.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.config.CallRecordsConfig;
import org.sbc.core.json.JsonText;
import org.sbc.core.media.MediaTotals;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/** The call records' JSON lines on a real file: fields, escaping, rotation. */
class CallRecordFileTest {

    private static final InetSocketAddress PHONE = new InetSocketAddress("203.0.113.7", 5062);

    @TempDir
    Path dir;

    private static CallRecord record(String callerUser) {
        MediaTotals media = new MediaTotals(new MediaTotals.Direction(500, 86_000, 3, 1.25),
                new MediaTotals.Direction(498, 85_656, 0, 0.5), 12, 40, 2, 0);
        return new CallRecord(Instant.parse("2026-12-06T00:00:10.250Z"), CallRecord.Ending.BYE_FROM_INSIDE, true, PHONE,
                "s0-abc", "out\"side\r\n", 10_250, Optional.of(10_000L), Optional.of(media), Optional.of(callerUser),
                Optional.of("+15551234567"));
    }

    @Test
    void writesOneJsonObjectPerLineWithTimesPartiesAndMedia() throws Exception {
        Counters counters = new Counters();
        Path file = dir.resolve("calls/calls.jsonl");
        try (CallRecordFile records = CallRecordFile.start(new CallRecordsConfig(Optional.of(file), 1, 2, 100), counters)) {
            records.offer(record("alice"), Optional.of("FR"));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        Map<?, ?> json = (Map<?, ?>) JsonText.parse(lines.get(0));
        assertEquals("2026-12-06T00:00:00Z", json.get("start"));
        assertEquals("2026-12-06T00:00:00.250Z", json.get("answer"));
        assertEquals("2026-12-06T00:00:10.250Z", json.get("end"));
        assertEquals("bye_from_inside", json.get("ending"));
        assertEquals("inside", json.get("ended_by"));
        assertEquals("outside", json.get("caller_side"));
        assertEquals("203.0.113.7", json.get("outside_address"));
        assertEquals("FR", json.get("outside_country"), "GeoIP's country of the outside party");
        assertEquals("out\"side\r\n", json.get("outside_call_id"), "escaped, and read back as sent");
        assertEquals("alice", json.get("caller_user"));
        assertEquals("+15551234567", json.get("called_user"));
        assertEquals(500L, ((Number) ((Map<?, ?>) ((Map<?, ?>) json.get("media")).get("to_inside")).get("packets")).longValue());
        assertEquals(1250L, ((Number) ((Map<?, ?>) ((Map<?, ?>) json.get("media")).get("to_inside")).get("jitter_us")).longValue());
        assertEquals(1, counters.get(Counter.CALL_RECORDS_WRITTEN));
    }

    @Test
    void rotatesPastItsSizeKeepingAsManyOldFilesAsConfigured() throws Exception {
        Counters counters = new Counters();
        Path file = dir.resolve("calls.jsonl");
        String big = "u".repeat(200); // capped at 256 characters: each line near 1 KB
        try (CallRecordFile records = CallRecordFile.start(new CallRecordsConfig(Optional.of(file), 1, 2, 10_000), counters)) {
            for (int i = 0; i < 3_000; i++) {
                records.offer(record(big + i), Optional.empty());
            }
        }
        assertTrue(Files.exists(file) && Files.exists(Path.of(file + ".1")) && Files.exists(Path.of(file + ".2")));
        assertFalse(Files.exists(Path.of(file + ".3")), "only two old files are kept");
        for (Path each : List.of(file, Path.of(file + ".1"), Path.of(file + ".2"))) {
            assertTrue(Files.size(each) <= 1024 * 1024, each + ": " + Files.size(each));
        }
        assertEquals(3_000, counters.get(Counter.CALL_RECORDS_WRITTEN));
    }
}

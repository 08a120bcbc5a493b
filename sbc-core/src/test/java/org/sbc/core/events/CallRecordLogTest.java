package org.sbc.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.media.MediaTotals;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

class CallRecordLogTest {

    private static final InetSocketAddress PHONE = new InetSocketAddress("203.0.113.7", 5062);

    @Test
    void writesTheEndingThePartiesAndTheMediaPerDirection() {
        MediaTotals media = new MediaTotals(new MediaTotals.Direction(500, 86_000, 3, 1.25),
                new MediaTotals.Direction(498, 85_656, 0, 0.5), 12, 40, 2, 0);
        CallRecord record = new CallRecord(Instant.EPOCH, CallRecord.Ending.BYE_FROM_OUTSIDE, true, PHONE,
                "s0-abc", "a84b4c76e66710", 10_250, Optional.of(10_000L), Optional.of(media), Optional.empty(), Optional.empty());

        assertEquals("call ended ending=bye_from_outside caller=outside outside_peer=203.0.113.7:5062"
                + " inside_call_id=\"s0-abc\" outside_call_id=\"a84b4c76e66710\" duration_ms=10250 answered_ms=10000"
                + " to_inside_packets=500 to_inside_bytes=86000 to_inside_lost=3 to_inside_jitter_ms=1.25"
                + " to_outside_packets=498 to_outside_bytes=85656 to_outside_lost=0 to_outside_jitter_ms=0.50"
                + " rtcp_packets=12 strangers_dropped=40 malformed=2 srtp_failed=0", CallRecordLog.line(record));
    }

    @Test
    void aCallersCallIdCannotEndTheLineNorForgeAField() {
        CallRecord record = new CallRecord(Instant.EPOCH, CallRecord.Ending.NOT_ANSWERED, true, PHONE, "s0-abc",
                "x\r\ncall ended ending=no_media\" media=none", 12, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        String line = CallRecordLog.line(record);
        assertFalse(line.contains("\r") || line.contains("\n"), line);
        assertEquals("call ended ending=not_answered caller=outside outside_peer=203.0.113.7:5062"
                + " inside_call_id=\"s0-abc\" outside_call_id=\"x\\r\\ncall ended ending=no_media\\\" media=none\""
                + " duration_ms=12 media=none", line);
    }

    @Test
    void mediaTotalsAddUpOverStreamsAndCountOnce() {
        Counters counters = new Counters();
        MediaTotals totals = new MediaTotals(new MediaTotals.Direction(10, 1_720, 0, 0),
                new MediaTotals.Direction(7, 1_204, 1, 0), 2, 60, 3, 1);
        totals.count(counters);
        assertEquals(List.of(17L, 2_924L, 2L, 60L, 3L, 1L), List.of(counters.get(Counter.MEDIA_RTP_PACKETS_RELAYED),
                counters.get(Counter.MEDIA_RTP_BYTES_RELAYED), counters.get(Counter.MEDIA_RTCP_PACKETS_RELAYED),
                counters.get(Counter.MEDIA_STRANGERS_DROPPED), counters.get(Counter.MEDIA_MALFORMED_DROPPED),
                counters.get(Counter.MEDIA_SRTP_FAILURES)));
    }
}

package org.sbc.core.events.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.PayloadFormat;
import org.sbc.core.config.SyslogFacility;
import org.sbc.core.config.SyslogSinkConfig;
import org.sbc.core.config.SyslogTransport;
import org.sbc.core.events.CefFormat;
import org.sbc.core.events.JsonFormat;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.TestEvents;
import org.sbc.core.testing.TestPeers;

class SyslogSinkTest {

    private final Counters counters = new Counters();
    private final List<String> sent = new ArrayList<>();
    private boolean accept = true;
    private final MessageSender sender = new MessageSender() {
        @Override
        public boolean send(byte[] message) {
            sent.add(new String(message, StandardCharsets.UTF_8));
            return accept;
        }

        @Override
        public void close() {}
    };

    private SyslogSink sink(PayloadFormat format, SyslogFacility facility) {
        SyslogSinkConfig config = new SyslogSinkConfig(SyslogTransport.UDP, TestPeers.address("127.0.30.1", 15140),
                format, facility, "sbc", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        return new SyslogSink(config, format == PayloadFormat.CEF ? new CefFormat("0.1.0") : new JsonFormat(), sender,
                counters, "edge1", "4242");
    }

    @Test
    void writesAnRfc5424MessageWithTheEventAsMsg() {
        SecurityEvent event = TestEvents.ban("192.0.2.1", 5060);

        sink(PayloadFormat.CEF, SyslogFacility.AUTHPRIV).emit(event);

        // authpriv (10) * 8 + warning (4) = 84
        assertEquals(List.of("<84>1 2026-11-26T14:00:00.123Z edge1 sbc 4242 BAN [meta sequenceId=\"1\"] "
                + new CefFormat("0.1.0").format(event)), sent);
    }

    @Test
    void gradesSeverityByTypeAndNumbersMessages() {
        SyslogSink sink = sink(PayloadFormat.JSON, SyslogFacility.LOCAL0);

        sink.emit(TestEvents.unbanManual("192.0.2.1"));
        sink.emit(TestEvents.scanner("x"));

        // local0 (16) * 8 + informational (6) = 134; + warning (4) = 132
        assertTrue(sent.get(0).startsWith("<134>1 2026-11-26T14:00:00.123Z edge1 sbc 4242 UNBAN [meta sequenceId=\"1\"] {"),
                sent.get(0));
        assertTrue(sent.get(1).startsWith("<132>1 2026-11-26T14:00:00.123Z edge1 sbc 4242 SCANNER [meta sequenceId=\"2\"] {"),
                sent.get(1));
    }

    @Test
    void keepsAHostileUserAgentInsideOneMessage() {
        sink(PayloadFormat.CEF, SyslogFacility.AUTHPRIV).emit(TestEvents.scanner(TestEvents.HOSTILE_USER_AGENT));
        sink(PayloadFormat.JSON, SyslogFacility.AUTHPRIV).emit(TestEvents.scanner(TestEvents.HOSTILE_USER_AGENT));

        for (String message : sent) {
            assertEquals(1, message.split("<13>1", -1).length - 1, message);
            assertTrue(message.indexOf('\n') < 0 && message.indexOf('\r') < 0, message);
            assertEquals(1, message.split("\\[meta ", -1).length - 1, "one SD element: " + message);
        }
    }

    @Test
    void countsWhatTheSenderRefuses() {
        accept = false;

        sink(PayloadFormat.CEF, SyslogFacility.AUTHPRIV).emit(TestEvents.ban("192.0.2.1", 1));

        assertEquals(1, counters.get(Counter.SECURITY_EVENT_SINK_FAILURES));
    }

    @Test
    void dropsAndCountsAnOversizedMessage() {
        SecurityEvent e = TestEvents.ban("192.0.2.1", 1);
        SecurityEvent huge = new SecurityEvent(e.time(), e.type(), e.source(), e.transport(), e.step(), e.reason(),
                e.mode(), Map.of("note", "n".repeat(SyslogSink.MAX_MESSAGE_BYTES)), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());

        sink(PayloadFormat.JSON, SyslogFacility.AUTHPRIV).emit(huge);

        assertTrue(sent.isEmpty());
        assertEquals(1, counters.get(Counter.SECURITY_EVENT_SINK_FAILURES));
    }

    @Test
    void refusesHeaderFieldsOutsidePrintableAscii() {
        assertThrows(IllegalArgumentException.class, () -> new SyslogMessage(10, 4, TestEvents.TIME, "host name", "sbc",
                "1", "BAN", 1, "x"));
        assertThrows(IllegalArgumentException.class, () -> new SyslogMessage(10, 4, TestEvents.TIME, "h", "sbc",
                "1", "B".repeat(33), 1, "x"));
    }
}

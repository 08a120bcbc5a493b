package org.sbc.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.Transport;

class LoggingSecurityEventSinkTest {

    private static SecurityEvent event(Optional<String> userAgent) {
        return new SecurityEvent(Instant.parse("2026-11-26T12:00:00Z"), SecurityEventType.BAN,
                new InetSocketAddress("203.0.113.7", 5060), Optional.of(Transport.UDP), "flood-guard",
                "density 200 per 2 s", "enforce", Map.of("target", "203.0.113.7/32", "counter.density", "200"),
                userAgent, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void writesOneLineWithTheDecision() {
        String line = LoggingSecurityEventSink.format(event(Optional.empty()));
        assertEquals("security ban source=203.0.113.7:5060 transport=udp step=flood-guard mode=enforce"
                + " reason=\"density 200 per 2 s\" counter.density=200 target=203.0.113.7/32", line);
    }

    @Test
    void neverWritesAttackerTextRaw() {
        String line = LoggingSecurityEventSink.format(event(Optional.of("evil\r\nsecurity unban source=1.2.3.4 \"x\" " + "A".repeat(500))));
        assertFalse(line.contains("\r") || line.contains("\n"), line);
        assertTrue(line.contains("user_agent=\"evil\\x0d\\x0asecurity unban source=1.2.3.4 \\x22x\\x22 "), line);
        assertTrue(line.length() < 500, "capped: " + line.length());
    }
}

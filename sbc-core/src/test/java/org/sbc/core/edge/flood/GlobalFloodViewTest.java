package org.sbc.core.edge.flood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.RecordingSink;
import org.sbc.core.testing.TestClock;
import org.sbc.policies.Mode;

class GlobalFloodViewTest {

    /** 30 per address, prefixes off, 100 for everyone together, in 2 s windows. */
    private static final FloodConfig CONFIG = new FloodConfig(Mode.ENFORCE, 2, 30, 0, 0, 0, 0, 1_000, 100);

    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T03:00:00Z"));
    private final RecordingSink events = new RecordingSink();
    private final Counters counters = new Counters();
    private final GlobalFloodView view = new GlobalFloodView(CONFIG,
            address -> Optional.of(address.getHostAddress().startsWith("198.51.") ? "NL" : "BR"), events, counters, clock);

    @Test
    void aFloodSpreadThinIsReportedWithItsTopPrefixesAndCountries() throws Exception {
        // 40 sources in 198.51.100.0/24 and 198.51.101.0/24, 20 in 203.0.113.0/24: 3 each, 180 in all
        for (int round = 0; round < 3; round++) {
            for (int host = 1; host <= 20; host++) {
                count("198.51.100." + host);
                count("198.51.101." + host);
                count("203.0.113." + host);
            }
        }
        List<SecurityEvent> reports = events.ofType(SecurityEventType.GLOBAL_FLOOD);
        assertEquals(1, reports.size(), "once per report interval");
        var details = reports.get(0).details();
        assertEquals("101", details.get("counter.messages_in_window"));
        assertTrue(details.get("top_wide_prefixes").startsWith("198.51.0.0/16="), details.toString());
        assertTrue(details.get("top_prefixes").contains("203.0.113.0/24="), details.toString());
        assertTrue(details.get("top_countries").startsWith("NL="), details.toString());
        assertTrue(view.active());
        assertEquals(1, counters.get(Counter.GLOBAL_FLOODS_DETECTED));
    }

    @Test
    void itEndsOneWindowAfterTrafficFallsUnderTheDensity() throws Exception {
        for (int i = 0; i < 101; i++) {
            count("203.0.113." + (i % 50 + 1));
        }
        assertTrue(view.active());
        clock.advance(Duration.ofMillis(2_001));
        count("203.0.113.1");
        assertFalse(view.active(), "a window under the density");
    }

    @Test
    void underTheDensityNothingIsReported() throws Exception {
        for (int i = 0; i < 100; i++) {
            count("203.0.113." + (i % 50 + 1));
        }
        assertTrue(events.events().isEmpty());
        assertFalse(view.active());
    }

    private void count(String address) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        view.count(new InetSocketAddress(ip, 5060), Transport.UDP, ip.getAddress(), clock.millis());
    }
}

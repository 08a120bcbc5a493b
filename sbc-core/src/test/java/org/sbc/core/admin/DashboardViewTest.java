package org.sbc.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;

class DashboardViewTest {

    private static SecurityEvent scan(String source, String userAgent) {
        return new SecurityEvent(Instant.EPOCH, SecurityEventType.SCANNER, new InetSocketAddress(source, 5060),
                Optional.empty(), "secfilter", "user_agent.deny[0]", "enforce", Map.of(), Optional.of(userAgent),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void talliesOffendersBySourceUserAgentAndTheCountryGeoIpGivesTheirAddress() {
        List<SecurityEvent> events = List.of(scan("192.0.2.1", "sipvicious"), scan("192.0.2.1", "sipvicious"),
                scan("198.51.100.7", "friendly-scanner"), scan("203.0.113.9", "sipvicious"));

        DashboardView view = DashboardView.of(0, 0, List.of(), events,
                address -> address.getHostAddress().startsWith("192.0.2.") ? Optional.of("RU")
                        : address.getHostAddress().startsWith("198.51.100.") ? Optional.of("CN") : Optional.empty());

        assertEquals(List.of(new DashboardView.Tally("192.0.2.1", 2), new DashboardView.Tally("198.51.100.7", 1),
                new DashboardView.Tally("203.0.113.9", 1)), view.topSources());
        assertEquals(List.of(new DashboardView.Tally("sipvicious", 3), new DashboardView.Tally("friendly-scanner", 1)),
                view.topUserAgents());
        assertEquals(List.of(new DashboardView.Tally("RU", 2), new DashboardView.Tally("CN", 1)), view.topCountries(),
                "an address without a country counts for none");
        assertEquals("203.0.113.9", view.latest().get(0).source().getAddress().getHostAddress(), "newest first");
    }
}

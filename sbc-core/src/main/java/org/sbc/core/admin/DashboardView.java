package org.sbc.core.admin;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.sbc.core.edge.ban.Ban;
import org.sbc.core.events.SecurityEvent;

/**
 * What the dashboard shows at one moment: what is up, the active bans, the latest security
 * events and who is behind most of them (by source, User-Agent and country), and which policy
 * rules decided most. Built from values the SBC already keeps; nothing here is rendered yet.
 */
record DashboardView(int calls, int registrations, List<Ban> bans, List<SecurityEvent> latest,
        List<Tally> topSources, List<Tally> topUserAgents, List<Tally> topCountries, List<Tally> policyHits) {

    static final int LATEST = 50;
    static final int TOP = 10;

    /** One row of a top list: a value (attacker text, perhaps) and how many events carried it. */
    record Tally(String value, long count) {}

    static DashboardView of(int calls, int registrations, List<Ban> bans, List<SecurityEvent> events) {
        return of(calls, registrations, bans, events, address -> Optional.empty());
    }

    /** @param countryOf the country GeoIP gives an address (empty without a database) */
    static DashboardView of(int calls, int registrations, List<Ban> bans, List<SecurityEvent> events,
            Function<InetAddress, Optional<String>> countryOf) {
        List<SecurityEvent> latest = new ArrayList<>(events.subList(Math.max(0, events.size() - LATEST), events.size()));
        Collections.reverse(latest); // newest first
        return new DashboardView(calls, registrations, bans, latest,
                top(events, event -> Optional.of(event.source().getAddress().getHostAddress())),
                top(events, SecurityEvent::userAgent),
                top(events, event -> countryOf.apply(event.source().getAddress())),
                top(events.stream().filter(event -> event.step().equals("policy")).toList(),
                        event -> Optional.of(event.reason())));
    }

    private static List<Tally> top(List<SecurityEvent> events, Function<SecurityEvent, Optional<String>> key) {
        Map<String, Long> counts = new HashMap<>();
        for (SecurityEvent event : events) {
            key.apply(event).ifPresent(value -> counts.merge(value, 1L, Long::sum));
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(entry -> new Tally(entry.getKey(), entry.getValue()))
                .toList();
    }
}

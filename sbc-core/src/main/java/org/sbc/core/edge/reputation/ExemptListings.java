package org.sbc.core.edge.reputation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.feeds.feed.FeedHit;

/**
 * A feed that lists a trusted or allowed source is a list the operator should fix: every such
 * packet is counted, and each (source, feed) pair is reported once as a FEED_EXEMPT event
 * ("listed by feed X, allowed by security.trusted"), not once per packet.
 *
 * <p>Bounded: after {@link #MAX_REPORTED} pairs no new pair is reported (the counter still
 * counts); a spoofed sweep through a listed network cannot grow memory.
 */
final class ExemptListings {

    static final int MAX_REPORTED = 10_000;

    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final SecurityEventSink events;
    private final Counters counters;
    private final InstantSource clock;

    ExemptListings(SecurityEventSink events, Counters counters, InstantSource clock) {
        this.events = events;
        this.counters = counters;
        this.clock = clock;
    }

    void seen(InetAddress address, Exemptions.Kind kind, List<FeedHit> hits) {
        counters.increment(Counter.FEED_EXEMPT_HITS);
        for (FeedHit hit : hits) {
            String key = address.getHostAddress() + ' ' + hit.feed();
            if (reported.size() >= MAX_REPORTED || !reported.add(key)) {
                continue;
            }
            String rule = kind == Exemptions.Kind.TRUSTED ? "security.trusted" : "security.allow";
            Map<String, String> details = new LinkedHashMap<>();
            details.put("feed", hit.feed());
            details.put("feed_action", hit.action().key());
            details.put("allowed_by", rule);
            events.emit(new SecurityEvent(clock.instant(), SecurityEventType.FEED_EXEMPT,
                    new InetSocketAddress(address, 0), Optional.empty(), "reputation",
                    "listed by feed " + hit.feed() + ", allowed by " + rule, "enforce", details,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        }
    }
}

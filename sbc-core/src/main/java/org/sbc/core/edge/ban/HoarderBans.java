package org.sbc.core.edge.ban;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.transport.TcpConnectionLimiter;
import org.sbc.feeds.IpPrefix;

/**
 * Bans a source whose TCP or TLS connections keep closing before they said anything (the
 * first-message deadline ran out, or a full table evicted them): a host that opens connections
 * only to hold them is hoarding the table, not talking SIP.
 * {@value #LIMIT} such connections within {@value #WINDOW_SECONDS} s earn a ban (trusted and
 * allowed sources excepted, as for every ban). The table of sources is bounded; past it, the
 * source seen least recently is forgotten.
 */
public final class HoarderBans implements TcpConnectionLimiter.Hoarders {

    static final int LIMIT = 5;
    static final int WINDOW_SECONDS = 60;
    private static final int MAX_SOURCES = 10_000;

    private record Tally(int count, Instant first) {}

    private final Bans bans;
    private final Counters counters;
    private final Clock clock;
    private final Map<InetAddress, Tally> tallies = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Tally> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    public HoarderBans(Bans bans, Counters counters, Clock clock) {
        this.bans = bans;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void closedSilent(InetAddress source) {
        Instant now = clock.instant();
        Tally tally;
        synchronized (tallies) {
            Tally seen = tallies.get(source);
            tally = seen == null || seen.first().plusSeconds(WINDOW_SECONDS).isBefore(now)
                    ? new Tally(1, now) : new Tally(seen.count() + 1, seen.first());
            if (tally.count() >= LIMIT) {
                tallies.remove(source);
            } else {
                tallies.put(source, tally);
            }
        }
        if (tally.count() >= LIMIT) {
            counters.increment(Counter.TCP_HOARDERS_BANNED);
            bans.ban(IpPrefix.of(source), BanReason.FLOOD, new Evidence("tcp", "tcp.silent_connections",
                    Map.of("silent_connections", (long) tally.count()), tally.first(), now));
        }
    }
}

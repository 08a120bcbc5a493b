package org.sbc.core.edge.flood;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Transport;

/**
 * Pike's tree root: every message from every untrusted source counted together, so that a
 * flood spread over a botnet (each address, /24 and /16 under its own density) is still seen.
 * Past {@code global_density} in one window it reports a GLOBAL_FLOOD event naming the
 * prefixes and countries that sent most, at most once per {@value #REPORT_SECONDS} s while it
 * lasts, and says it is {@link #active()} until a window passes under the density. It bans
 * nothing: which sources to spare is the B2BUA's call (sources it knows go first).
 *
 * <p>Per-prefix counts are kept only from half the density on, in a table of at most
 * {@value #MAX_PREFIXES} prefixes (/24, or /48 for IPv6); the rest are counted as "other".
 */
public final class GlobalFloodView {

    static final int MAX_PREFIXES = 4_096;
    static final int REPORT_SECONDS = 10;
    static final int TOP = 5;
    private static final String STEP = "global-flood";

    private final int density;
    private final long windowMillis;
    private final Function<InetAddress, Optional<String>> countryOf;
    private final SecurityEventSink events;
    private final Counters counters;
    private final InstantSource clock;
    private final AtomicLong windowStart = new AtomicLong();
    private final AtomicLong inWindow = new AtomicLong();
    private final ConcurrentHashMap<SourceKey, LongAdder> prefixes = new ConcurrentHashMap<>();
    private final LongAdder other = new LongAdder();
    private volatile long activeUntil;
    private volatile long nextReport;

    public GlobalFloodView(FloodConfig config, Function<InetAddress, Optional<String>> countryOf,
            SecurityEventSink events, Counters counters, InstantSource clock) {
        this.density = config.globalDensity();
        this.windowMillis = config.samplingSeconds() * 1_000L;
        this.countryOf = requireNonNull(countryOf, "countryOf");
        this.events = requireNonNull(events, "events");
        this.counters = requireNonNull(counters, "counters");
        this.clock = requireNonNull(clock, "clock");
        this.windowStart.set(clock.millis());
    }

    /** Counts one message from an untrusted source, at {@code now} (the flood guard's reading of the clock). */
    void count(InetSocketAddress source, Transport transport, byte[] address, long now) {
        if (density == 0) {
            return;
        }
        long start = windowStart.get();
        if (now - start >= windowMillis && windowStart.compareAndSet(start, now)) {
            inWindow.set(0);
            prefixes.clear();
            other.reset();
        }
        long count = inWindow.incrementAndGet();
        if (count * 2 > density) {
            SourceKey prefix = SourceKey.of(address, address.length == 4 ? 24 : 48);
            LongAdder counter = prefixes.get(prefix);
            if (counter == null && prefixes.size() < MAX_PREFIXES) {
                counter = prefixes.computeIfAbsent(prefix, key -> new LongAdder());
            }
            if (counter == null) {
                other.increment();
            } else {
                counter.increment();
            }
        }
        if (count > density) {
            activeUntil = now + windowMillis;
            if (now >= nextReport) {
                report(source, transport, count, now);
            }
        }
    }

    /** A flood is under way: a window passed the global density within the last window. */
    public boolean active() {
        return clock.millis() < activeUntil;
    }

    private synchronized void report(InetSocketAddress source, Transport transport, long count, long now) {
        if (now < nextReport) {
            return;
        }
        nextReport = now + REPORT_SECONDS * 1_000L;
        counters.increment(Counter.GLOBAL_FLOODS_DETECTED);
        Map<SourceKey, Long> snapshot = new HashMap<>();
        prefixes.forEach((key, counter) -> snapshot.put(key, counter.sum()));
        Map<String, Long> wide = new HashMap<>();
        Map<String, Long> countries = new HashMap<>();
        snapshot.forEach((key, messages) -> {
            wide.merge(widen(key), messages, Long::sum);
            countries.merge(countryOf.apply(key.toPrefix().network()).orElse("unknown"), messages, Long::sum);
        });
        Map<String, String> details = new LinkedHashMap<>();
        details.put("counter.messages_in_window", Long.toString(count));
        details.put("counter.global_density", Integer.toString(density));
        details.put("counter.sampling_seconds", Long.toString(windowMillis / 1_000));
        details.put("counter.prefixes_seen", Integer.toString(snapshot.size()));
        details.put("counter.beyond_table", Long.toString(other.sum()));
        details.put("top_prefixes", top(snapshot.entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().toPrefix().toString(), Map.Entry::getValue))));
        details.put("top_wide_prefixes", top(wide));
        details.put("top_countries", top(countries));
        events.emit(new SecurityEvent(Instant.ofEpochMilli(now), SecurityEventType.GLOBAL_FLOOD, source,
                Optional.of(transport), STEP, "security.flood.global_density", "monitor", details,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /** The /16 (or /32 for IPv6) around a counted prefix. */
    private static String widen(SourceKey key) {
        return SourceKey.of(key.toPrefix().network(), key.ipv4() ? 16 : 32).toPrefix().toString();
    }

    private static String top(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .toList();
        return sorted.stream().map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(","));
    }
}

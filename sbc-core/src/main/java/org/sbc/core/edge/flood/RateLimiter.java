package org.sbc.core.edge.flood;

import static java.util.Objects.requireNonNull;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.netty.channel.ChannelHandler.Sharable;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.sbc.core.edge.flood.RateLimitConfig.Rate;
import org.sbc.core.edge.EdgeContext;
import org.sbc.core.edge.EdgeStep;
import org.sbc.core.edge.Verdict;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ReceivedMessage;

/**
 * Sustained-rate limits per source address and method class (REGISTER, INVITE, other), with
 * Bucket4j token buckets. Runs after sanity, so it sees only requests that parsed.
 *
 * <p>Over the limit, a request is dropped, not answered: a 503 to a forged source is reflection,
 * and a real UA over UDP retransmits (which the bucket absorbs) while one over TCP times out
 * the transaction. One BLOCK event per bucket per minute, not one per request. Responses and
 * trusted or allowed sources pass untouched. Fails open when the bucket table is full.
 */
@Sharable
public final class RateLimiter extends EdgeStep {

    static final String STEP = "rate-limit";
    private static final long EVENT_INTERVAL_MILLIS = 60_000;
    private static final long MIN_SWEEP_INTERVAL_MILLIS = 1_000;

    private record Key(InetAddress source, MethodClass methodClass) {}

    private static final class Entry {
        final Bucket bucket;
        volatile long lastUsed;
        volatile long lastEvent = Long.MIN_VALUE;

        Entry(Bucket bucket, long now) {
            this.bucket = bucket;
            this.lastUsed = now;
        }
    }

    private final RateLimitConfig config;
    private final Exemptions exemptions;
    private final SecurityEventSink events;
    private final Counters counters;
    private final InstantSource clock;
    private final TimeMeter meter;
    private final Map<MethodClass, Rate> rates = new EnumMap<>(MethodClass.class);
    /** A bucket idle this long is full again: forgetting it loses nothing. */
    private final long idleMillis;
    private final ConcurrentHashMap<Key, Entry> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();

    public RateLimiter(EdgeContext context, RateLimitConfig config, Exemptions exemptions, SecurityEventSink events,
            InstantSource clock) {
        super(context);
        this.config = requireNonNull(config, "config");
        this.exemptions = requireNonNull(exemptions, "exemptions");
        this.events = requireNonNull(events, "events");
        this.counters = context.counters();
        this.clock = requireNonNull(clock, "clock");
        this.meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        rates.put(MethodClass.REGISTER, config.register());
        rates.put(MethodClass.INVITE, config.invite());
        rates.put(MethodClass.OTHER, config.other());
        long longest = 0;
        for (Rate rate : rates.values()) {
            longest = Math.max(longest, (rate.burst() * 1_000L + rate.perSecond() - 1) / rate.perSecond());
        }
        this.idleMillis = longest + 1_000;
    }

    @Override
    protected String stepName() {
        return "rate_limit";
    }

    @Override
    protected Verdict decide(ReceivedMessage message) {
        if (!message.isRequest()) {
            return Verdict.pass();
        }
        InetAddress source = message.peer().remote().getAddress();
        if (exemptions.exempts(source)) {
            return Verdict.pass();
        }
        long now = clock.millis();
        MethodClass methodClass = MethodClass.of(message.request().method());
        Entry entry = entry(new Key(source, methodClass), now);
        if (entry == null) {
            counters.increment(Counter.RATE_LIMIT_UNTRACKED);
            return Verdict.pass();
        }
        entry.lastUsed = now;
        if (entry.bucket.tryConsume(1)) {
            return Verdict.pass();
        }
        if (now - entry.lastEvent >= EVENT_INTERVAL_MILLIS || entry.lastEvent == Long.MIN_VALUE) {
            entry.lastEvent = now;
            report(message, methodClass, now);
        }
        if (config.mode().enforces()) {
            return Verdict.drop(Counter.RATE_LIMITED);
        }
        counters.increment(Counter.RATE_LIMIT_MONITORED);
        return Verdict.pass();
    }

    private Entry entry(Key key, long now) {
        Entry entry = buckets.get(key);
        if (entry != null) {
            return entry;
        }
        long last = lastSweep.get();
        long interval = buckets.size() >= config.maxEntries() ? MIN_SWEEP_INTERVAL_MILLIS : idleMillis;
        if (now - last >= interval && lastSweep.compareAndSet(last, now)) {
            buckets.values().removeIf(e -> now - e.lastUsed > idleMillis);
        }
        if (buckets.size() >= config.maxEntries()) {
            return null;
        }
        Rate rate = rates.get(key.methodClass());
        return buckets.computeIfAbsent(key, k -> new Entry(Bucket.builder()
                .addLimit(limit -> limit.capacity(rate.burst()).refillGreedy(rate.perSecond(), Duration.ofSeconds(1)))
                .withCustomTimePrecision(meter)
                .build(), now));
    }

    private void report(ReceivedMessage message, MethodClass methodClass, long now) {
        Rate rate = rates.get(methodClass);
        String rule = methodClass.name().toLowerCase(java.util.Locale.ROOT) + " " + rate.perSecond()
                + "/s burst " + rate.burst();
        events.emit(new SecurityEvent(Instant.ofEpochMilli(now), SecurityEventType.BLOCK, message.peer().remote(),
                Optional.of(message.peer().transport()), STEP, rule, config.mode().word(),
                Map.of("method_class", methodClass.name().toLowerCase(java.util.Locale.ROOT),
                        "per_second", Integer.toString(rate.perSecond()), "burst", Integer.toString(rate.burst())),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    int trackedBuckets() {
        return buckets.size();
    }
}

package org.sbc.core.events;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Folds repeats, so that a scanner sending the same thing a thousand times a second costs one
 * event and then one summary per interval, never a flood at the SIEM.
 *
 * <p>Events are identical when type, source address (not port: a scanner's source port varies),
 * step, reason, mode and the four attacker fields are equal. The first of a kind passes at once
 * and opens an interval; repeats within it are counted, not sent. When the interval ends, one
 * summary goes out carrying the count in {@code details.count} (and {@code
 * details.interval_seconds}) and a new interval opens; an interval with no repeats ends the
 * kind, so the next one passes at once again.
 *
 * <p>The table is bounded at {@link #MAX_KINDS}: when full, the kind seen least recently is
 * evicted, and its pending count goes out as a summary at once, so that a spoofed flood of
 * distinct events can neither grow the table nor make counts disappear. Keys and summaries hold
 * attacker fields already cut by {@link AttackerText#cap}, which bounds the table's memory.
 *
 * <p>Not thread-safe: the dispatcher's delivery thread owns it.
 */
public final class EventSummarizer {

    /** The detail key carrying the number of suppressed repeats in a summary. */
    public static final String COUNT = "count";
    /** The detail key carrying the summary interval. */
    public static final String INTERVAL_SECONDS = "interval_seconds";
    /** Kinds tracked at once; each costs at most ~2.5 KB (four capped fields and a template). */
    public static final int MAX_KINDS = 4_096;

    private record Kind(SecurityEventType type, InetAddress address, String step, String reason, String mode,
            Optional<String> userAgent, Optional<String> from, Optional<String> to, Optional<String> requestUri) {}

    private static final class Window {
        final SecurityEvent template;
        long startMillis;
        long suppressed;

        Window(SecurityEvent template, long startMillis) {
            this.template = template;
            this.startMillis = startMillis;
        }
    }

    private final long intervalMillis;
    private final int maxKinds;
    private final LongSupplier clockMillis;
    private final Supplier<Instant> wallClock;
    /** Access order: the eldest entry is the kind seen least recently. */
    private final LinkedHashMap<Kind, Window> windows = new LinkedHashMap<>(64, 0.75f, true);

    /**
     * @param clockMillis milliseconds from a clock that never steps back; intervals are measured on it
     * @param wallClock the time summaries are stamped with
     */
    public EventSummarizer(long intervalMillis, int maxKinds, LongSupplier clockMillis, Supplier<Instant> wallClock) {
        if (intervalMillis <= 0 || maxKinds <= 0) {
            throw new IllegalArgumentException("interval " + intervalMillis + ", kinds " + maxKinds + " (expected: > 0)");
        }
        this.intervalMillis = intervalMillis;
        this.maxKinds = maxKinds;
        this.clockMillis = requireNonNull(clockMillis, "clockMillis");
        this.wallClock = requireNonNull(wallClock, "wallClock");
    }

    /** One clock for both, for tests: epoch milliseconds. */
    public EventSummarizer(long intervalMillis, int maxKinds, LongSupplier epochMillis) {
        this(intervalMillis, maxKinds, epochMillis, () -> Instant.ofEpochMilli(epochMillis.getAsLong()));
    }

    /** Intervals on {@code System.nanoTime()}, so that a wall-clock step cannot stretch or cut one. */
    public static EventSummarizer of(int intervalSeconds) {
        return new EventSummarizer(intervalSeconds * 1_000L, MAX_KINDS, () -> System.nanoTime() / 1_000_000,
                Instant::now);
    }

    /** What to send now for {@code event}: the event itself, or nothing if it is a repeat. */
    public Outcome offer(SecurityEvent event) {
        long now = clockMillis.getAsLong();
        List<SecurityEvent> send = new ArrayList<>(2);
        SecurityEvent capped = AttackerText.capFields(event);
        Kind kind = kindOf(capped);
        Window window = windows.get(kind);
        if (window != null && now - window.startMillis >= intervalMillis) {
            close(kind, window, now, send); // due but not yet swept: settle it first
            window = windows.get(kind);
        }
        if (window != null) {
            window.suppressed++;
            return new Outcome(send, true);
        }
        if (windows.size() >= maxKinds) {
            Iterator<Map.Entry<Kind, Window>> eldest = windows.entrySet().iterator();
            Map.Entry<Kind, Window> evicted = eldest.next();
            eldest.remove();
            if (evicted.getValue().suppressed > 0) {
                send.add(summary(evicted.getValue()));
            }
        }
        windows.put(kind, new Window(capped, now));
        send.add(event);
        return new Outcome(send, false);
    }

    /** Summaries of every interval that has ended; kinds that stayed quiet are forgotten. */
    public List<SecurityEvent> due() {
        long now = clockMillis.getAsLong();
        List<SecurityEvent> send = new ArrayList<>();
        // Copied first: close() changes the map, and a LinkedHashMap in access order must not be
        // read through get() while iterating either.
        for (Map.Entry<Kind, Window> entry : new ArrayList<>(windows.entrySet())) {
            if (now - entry.getValue().startMillis >= intervalMillis) {
                close(entry.getKey(), entry.getValue(), now, send);
            }
        }
        return send;
    }

    /** Summaries of every pending count, at shutdown; the table is emptied. */
    public List<SecurityEvent> flush() {
        List<SecurityEvent> send = new ArrayList<>();
        for (Window window : windows.values()) {
            if (window.suppressed > 0) {
                send.add(summary(window));
            }
        }
        windows.clear();
        return send;
    }

    public int size() {
        return windows.size();
    }

    /** What {@link #offer} decided: the events to send now, and whether the offered one was folded. */
    public record Outcome(List<SecurityEvent> send, boolean suppressed) {}

    private void close(Kind kind, Window window, long now, List<SecurityEvent> send) {
        if (window.suppressed == 0) {
            windows.remove(kind);
            return;
        }
        send.add(summary(window));
        window.suppressed = 0;
        window.startMillis = now;
    }

    private SecurityEvent summary(Window window) {
        SecurityEvent t = window.template;
        Map<String, String> details = new HashMap<>(t.details());
        details.put(COUNT, Long.toString(window.suppressed));
        details.put(INTERVAL_SECONDS, Long.toString(intervalMillis / 1_000));
        return new SecurityEvent(wallClock.get(), t.type(), t.source(), t.transport(), t.step(), t.reason(),
                t.mode(), details, t.userAgent(), t.from(), t.to(), t.requestUri());
    }

    private static Kind kindOf(SecurityEvent e) {
        return new Kind(e.type(), e.source().getAddress(), e.step(), e.reason(), e.mode(),
                e.userAgent(), e.from(), e.to(), e.requestUri());
    }
}

package org.sbc.core.log;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Logs at most once per source address per interval, so that a flood of bad messages costs a
 * log line per minute per source rather than one per message.
 *
 * <p>The table of sources is bounded: when it is full, entries older than the interval are
 * swept; if it is still full (a spoofed flood from many addresses), further sources share one
 * aggregate slot instead of growing the table.
 */
public final class SourceRateLimitedLog {

    private final Logger logger;
    private final long intervalNanos;
    private final int maxSources;
    private final LongSupplier clock;
    private final ConcurrentHashMap<InetAddress, Long> lastLogged = new ConcurrentHashMap<>();
    private final AtomicLong overflowLastLogged = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);

    public SourceRateLimitedLog(Logger logger, long intervalNanos, int maxSources, LongSupplier clock) {
        this.logger = logger;
        this.intervalNanos = intervalNanos;
        this.maxSources = maxSources;
        this.clock = clock;
    }

    public static SourceRateLimitedLog perMinute(Logger logger) {
        return new SourceRateLimitedLog(logger, 60_000_000_000L, 10_000, System::nanoTime);
    }

    /** Logs {@code message} unless {@code source} was logged within the interval. */
    public void log(Level level, InetAddress source, Supplier<String> message) {
        if (!logger.isLoggable(level)) {
            return;
        }
        if (shouldLog(source)) {
            logger.log(level, message.get());
        }
    }

    boolean shouldLog(InetAddress source) {
        long now = clock.getAsLong();
        Long previous = lastLogged.get(source);
        if (previous != null) {
            return now - previous >= intervalNanos && lastLogged.replace(source, previous, now);
        }
        if (lastLogged.size() >= maxSources) {
            sweep(now);
            if (lastLogged.size() >= maxSources) {
                long last = overflowLastLogged.get();
                return (last == Long.MIN_VALUE || now - last >= intervalNanos)
                        && overflowLastLogged.compareAndSet(last, now);
            }
        }
        return lastLogged.putIfAbsent(source, now) == null;
    }

    /** At most one sweep per second: under a spoofed flood the table stays full, and a sweep
     *  per message would turn each message into a scan of the whole table. */
    private void sweep(long now) {
        long last = lastSweep.get();
        if ((last == Long.MIN_VALUE || now - last >= 1_000_000_000L) && lastSweep.compareAndSet(last, now)) {
            lastLogged.values().removeIf(t -> now - t >= intervalNanos);
        }
    }

    int trackedSources() {
        return lastLogged.size();
    }
}

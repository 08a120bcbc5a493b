package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounds of one feed's download and list, each with what it stops.
 *
 * @param maxBytes      a larger body is refused while it downloads: a hostile or broken server
 *                      cannot fill the heap or the disk (default 64 MiB; FireHOL level 1 is
 *                      about 100 KiB, a full APIBAN list under 1 MiB)
 * @param timeout       the whole download, headers and body: a server that trickles one byte a
 *                      second cannot hold the refresh thread (default 60 s)
 * @param maxEntries    more entries than this and the copy is refused, not cut: a cut list
 *                      would silently unlist whatever came last (default 2,000,000)
 * @param minKeptRatio  the truncation guard: a copy with fewer than this share of the previous
 *                      copy's entries is refused and the previous kept (default 0.5; 0 turns
 *                      the guard off)
 * @param guardMinimum  the guard applies only when the previous copy had at least this many
 *                      entries: small lists halve in normal churn (default 100)
 */
public record FeedLimits(long maxBytes, Duration timeout, int maxEntries, double minKeptRatio, int guardMinimum) {

    public static final long MAX_BYTES_CEILING = 1L << 30;
    public static final int MAX_ENTRIES_CEILING = 16_000_000;
    public static final FeedLimits DEFAULTS = new FeedLimits(64L << 20, Duration.ofSeconds(60), 2_000_000, 0.5, 100);

    public FeedLimits {
        requireNonNull(timeout, "timeout");
        List<String> errors = new ArrayList<>();
        if (maxBytes < 1024 || maxBytes > MAX_BYTES_CEILING) {
            errors.add("max_bytes: " + maxBytes + " (expected: 1024.." + MAX_BYTES_CEILING + ")");
        }
        if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            errors.add("timeout: " + timeout.toMillis() + "ms (expected: 100ms..10min)");
        }
        if (maxEntries < 1 || maxEntries > MAX_ENTRIES_CEILING) {
            errors.add("max_entries: " + maxEntries + " (expected: 1.." + MAX_ENTRIES_CEILING + ")");
        }
        if (!(minKeptRatio >= 0 && minKeptRatio <= 1)) {
            errors.add("min_kept_ratio: " + minKeptRatio + " (expected: 0..1)");
        }
        if (guardMinimum < 0) {
            errors.add("guard_minimum: " + guardMinimum + " (expected: >= 0)");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
    }

    public FeedLimits withMaxBytes(long value) {
        return new FeedLimits(value, timeout, maxEntries, minKeptRatio, guardMinimum);
    }

    public FeedLimits withTimeout(Duration value) {
        return new FeedLimits(maxBytes, value, maxEntries, minKeptRatio, guardMinimum);
    }

    public FeedLimits withMaxEntries(int value) {
        return new FeedLimits(maxBytes, timeout, value, minKeptRatio, guardMinimum);
    }

    public FeedLimits withGuard(double ratio, int minimum) {
        return new FeedLimits(maxBytes, timeout, maxEntries, ratio, minimum);
    }

    /** True when a copy of {@code entries} would replace one of {@code previous} only by truncation. */
    public boolean looksTruncated(int previous, int entries) {
        return previous >= guardMinimum && previous > 0 && entries < previous * minKeptRatio;
    }
}

package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When to try again after {@code failures} failures in a row: {@code first}, doubling each time,
 * capped at {@code max}. The first retry comes soon (most failures are brief); the later ones
 * space out so that a dead or rate-limiting provider is not hammered by every SBC at its refresh
 * rate.
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        requireNonNull(first, "first");
        requireNonNull(max, "max");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff: " + first + ".." + max + " (expected: 0 < first <= max)");
        }
    }

    /**
     * The backoff for a feed refreshed every {@code refresh}: first retry after the smaller of
     * {@code refresh} and 30 s, at most the larger of {@code refresh} and 15 min.
     */
    public static Backoff forRefresh(Duration refresh) {
        Duration first = refresh.compareTo(Duration.ofSeconds(30)) < 0 ? refresh : Duration.ofSeconds(30);
        Duration max = refresh.compareTo(Duration.ofMinutes(15)) > 0 ? refresh : Duration.ofMinutes(15);
        return new Backoff(first, max);
    }

    public Duration delay(int failures) {
        if (failures <= 0) {
            return first;
        }
        // 2^(failures-1) overflows past 62 doublings; the cap is reached long before
        int shift = Math.min(failures - 1, 40);
        long millis = first.toMillis() << shift;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}

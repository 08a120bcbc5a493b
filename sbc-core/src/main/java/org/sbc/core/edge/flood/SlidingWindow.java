package org.sbc.core.edge.flood;

/**
 * Messages from one key in a sliding window, estimated from two fixed windows (the previous
 * one weighted by how much of it still overlaps): a burst cannot hide by straddling a window
 * edge, which fixed windows allow at up to twice the density. Pike counts in fixed slots.
 */
final class SlidingWindow {

    private final long windowMillis;
    private long windowStart;
    private long current;
    private long previous;
    private long firstSeen;
    private long lastSeen;
    private long reportedWindow = Long.MIN_VALUE;

    SlidingWindow(long windowMillis, long now) {
        this.windowMillis = windowMillis;
        this.windowStart = now;
        this.firstSeen = now;
        this.lastSeen = now;
    }

    /** Counts one message at {@code now}; returns the messages in the window ending now. */
    synchronized long add(long now) {
        roll(now);
        current++;
        lastSeen = Math.max(lastSeen, now);
        long elapsed = Math.max(0, now - windowStart);
        return current + previous * (windowMillis - elapsed) / windowMillis;
    }

    private void roll(long now) {
        long elapsed = now - windowStart;
        if (elapsed < windowMillis) {
            return;
        }
        long windows = elapsed / windowMillis;
        previous = windows == 1 ? current : 0;
        current = 0;
        windowStart += windows * windowMillis;
        if (previous == 0) {
            firstSeen = now; // the source went quiet: a new episode starts here
        }
    }

    /** True once per fixed window: one report per flood per window, not one per message. */
    synchronized boolean claimReport() {
        if (reportedWindow == windowStart) {
            return false;
        }
        reportedWindow = windowStart;
        return true;
    }

    /** The start of what the current estimate counts: no earlier than the previous window. */
    synchronized long firstSeen() {
        return Math.max(firstSeen, windowStart - windowMillis);
    }

    synchronized long lastSeen() {
        return lastSeen;
    }
}

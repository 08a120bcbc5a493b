package org.sbc.core.edge.flood;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sliding windows of one flood rule, one per key. Bounded: a window idle for two sampling
 * periods counts nothing any more and is swept; when the table is full even after a sweep, a
 * new key gets no window ({@code null}) and the caller counts it as untracked.
 */
final class DensityTable {

    private static final long MIN_SWEEP_INTERVAL_MILLIS = 1_000;

    private final long windowMillis;
    private final int maxEntries;
    private final ConcurrentHashMap<SourceKey, SlidingWindow> windows = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();

    DensityTable(long windowMillis, int maxEntries) {
        this.windowMillis = windowMillis;
        this.maxEntries = maxEntries;
    }

    /** The window of {@code key}, created if there is room; null if the table is full. */
    SlidingWindow window(SourceKey key, long now) {
        SlidingWindow window = windows.get(key);
        if (window != null) {
            return window;
        }
        // Idle windows are swept every two periods, and at most once a second when full, so
        // that a table held full by a spoofed flood does not turn each message into a scan.
        long last = lastSweep.get();
        long interval = windows.size() >= maxEntries ? MIN_SWEEP_INTERVAL_MILLIS : 2 * windowMillis;
        boolean due = now - last >= interval;
        if (due && lastSweep.compareAndSet(last, now)) {
            sweep(now);
        }
        if (windows.size() >= maxEntries) {
            return null;
        }
        return windows.computeIfAbsent(key, k -> new SlidingWindow(windowMillis, now));
    }

    void sweep(long now) {
        long horizon = now - 2 * windowMillis;
        windows.values().removeIf(window -> window.lastSeen() < horizon);
    }

    int size() {
        return windows.size();
    }
}

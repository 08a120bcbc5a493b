package org.sbc.core.admission;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls up per key. An entry exists only while its key has calls up, so the table is bounded by
 * the calls themselves (which {@code b2bua.max_dialogs} bounds).
 */
final class ConcurrentCalls {

    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Takes a slot unless {@code limit} (0: none) is reached. */
    boolean tryTake(String key, int limit) {
        boolean[] taken = {false};
        counts.compute(key, (k, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            taken[0] = limit == 0 || c.get() < limit;
            if (taken[0]) {
                c.incrementAndGet();
            }
            return c.get() == 0 ? null : c;
        });
        return taken[0];
    }

    void release(String key) {
        counts.computeIfPresent(key, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
    }

    int get(String key) {
        AtomicInteger count = counts.get(key);
        return count == null ? 0 : count.get();
    }

    int size() {
        return counts.size();
    }
}

package org.sbc.core.b2bua.pressure;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Sources with a history the SBC can vouch for: trusted or allowed ones, those whose
 * registration the PBX accepted (a 2xx to their REGISTER: a registered phone, whose credentials
 * passed), and callers who completed an answered call (they ACKed its 2xx, which a flood that
 * never ACKs cannot fake), within the last {@code memoryMillis}. Under pressure their new work is
 * admitted before that of sources seen for the first time.
 *
 * <p>Bounded: when full, expired entries are swept (at most once a second); when still full, a
 * new source is not remembered, and stays first-seen until room frees. Thread-safe: every shard
 * reads and writes it.
 */
public final class KnownSources {

    private final int capacity;
    private final long memoryMillis;
    private final LongSupplier clock;
    private final Predicate<InetAddress> alwaysKnown;
    private final ConcurrentHashMap<InetAddress, Long> lastAccepted = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE / 2);

    public KnownSources(int capacity, long memoryMillis, LongSupplier clock, Predicate<InetAddress> alwaysKnown) {
        if (capacity < 1 || memoryMillis < 1) {
            throw new IllegalArgumentException("capacity " + capacity + ", memory " + memoryMillis + " ms");
        }
        this.capacity = capacity;
        this.memoryMillis = memoryMillis;
        this.clock = clock;
        this.alwaysKnown = alwaysKnown;
    }

    /** {@code source} earned a history: the PBX accepted its REGISTER, or it ACKed an answered call. */
    public void remember(InetAddress source) {
        long now = clock.getAsLong();
        if (lastAccepted.size() >= capacity && !lastAccepted.containsKey(source)) {
            sweep(now);
            if (lastAccepted.size() >= capacity) {
                return;
            }
        }
        lastAccepted.put(source, now);
    }

    public boolean knows(InetAddress source) {
        if (alwaysKnown.test(source)) {
            return true;
        }
        Long accepted = lastAccepted.get(source);
        return accepted != null && clock.getAsLong() - accepted < memoryMillis;
    }

    public int size() {
        return lastAccepted.size();
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        if (now - last < 1_000 || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        lastAccepted.values().removeIf(accepted -> now - accepted >= memoryMillis);
    }
}

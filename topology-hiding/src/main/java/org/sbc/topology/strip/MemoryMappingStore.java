package org.sbc.topology.strip;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Strip mode on one node: bounded, every entry expiring.
 *
 * <p>The bound stops a caller who opens dialogs without end from filling the heap: when full, an
 * expired entry goes first, else the one nearest its expiry (the dialog most likely over). Entries
 * sit in a map by id and in a set ordered by expiry, so every operation is O(log n) and expired
 * entries are swept from the set's head on each put. One lock: the event-loop threads hold it
 * for microseconds. Every stage returned is already complete.
 */
public final class MemoryMappingStore implements MappingStore {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final int maxEntries;
    private final LongSupplier millis;
    private final Map<String, Entry> byId = new HashMap<>();
    private final TreeSet<Entry> byExpiry = new TreeSet<>(
            Comparator.comparingLong(Entry::expiresAt).thenComparingLong(Entry::sequence));
    private long sequence;

    /** @param millis the clock, System::currentTimeMillis outside tests */
    public MemoryMappingStore(int maxEntries, LongSupplier millis) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: > 0)");
        }
        this.maxEntries = maxEntries;
        this.millis = requireNonNull(millis, "millis");
    }

    @Override
    public CompletionStage<Void> put(String id, byte[] value, Duration ttl) {
        requireNonNull(id, "id");
        requireNonNull(value, "value");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        long now = millis.getAsLong();
        long expiresAt = saturatedAdd(now, toMillisSaturated(ttl));
        byte[] copy = value.clone();
        synchronized (this) {
            Entry old = byId.remove(id);
            if (old != null) {
                byExpiry.remove(old);
            }
            sweep(now);
            if (byId.size() >= maxEntries) {
                Entry nearest = byExpiry.pollFirst();
                byId.remove(nearest.id());
            }
            Entry entry = new Entry(id, copy, expiresAt, sequence++);
            byId.put(id, entry);
            byExpiry.add(entry);
        }
        return DONE;
    }

    @Override
    public CompletionStage<Optional<byte[]>> get(String id) {
        long now = millis.getAsLong();
        Optional<byte[]> value;
        synchronized (this) {
            Entry entry = byId.get(id);
            if (entry == null) {
                value = Optional.empty();
            } else if (entry.expiresAt() <= now) {
                byId.remove(id);
                byExpiry.remove(entry);
                value = Optional.empty();
            } else {
                value = Optional.of(entry.value().clone());
            }
        }
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public CompletionStage<Void> remove(String id) {
        synchronized (this) {
            Entry entry = byId.remove(id);
            if (entry != null) {
                byExpiry.remove(entry);
            }
        }
        return DONE;
    }

    /** Live entries: expired ones are swept first. */
    public int size() {
        long now = millis.getAsLong();
        synchronized (this) {
            sweep(now);
            return byId.size();
        }
    }

    @Override
    public void close() {}

    /** Drops expired entries from the head of the expiry order; caller holds the lock. */
    private void sweep(long now) {
        while (!byExpiry.isEmpty() && byExpiry.first().expiresAt() <= now) {
            byId.remove(byExpiry.pollFirst().id());
        }
    }

    private static long toMillisSaturated(Duration ttl) {
        try {
            return ttl.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private record Entry(String id, byte[] value, long expiresAt, long sequence) {}
}

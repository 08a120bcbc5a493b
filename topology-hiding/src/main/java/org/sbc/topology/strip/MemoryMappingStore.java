package org.sbc.topology.strip;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Strip mode on one node: bounded, every entry expiring.
 *
 * <p>The bound stops a caller who opens dialogs without end from filling the heap: when full, an
 * expired entry goes first, else the one nearest its expiry (the dialog most likely over). Entries
 * sit in a map by id and in a heap ordered by expiry; expired entries are swept from the heap's
 * head on each put. One lock: the event-loop threads hold it for microseconds. Every stage
 * returned is already complete.
 *
 * <p>The heap, not a sorted tree: a call renews its entry with every message, always with a later
 * expiry than anything stored, which a heap takes in a step or two and a tree only after a walk
 * from its root and a new node (a sorted set was 3 % of the call benchmark's CPU). A renewed or
 * removed entry stays in the heap until it expires or the heap holds twice the live entries,
 * when the heap is rebuilt from the map in one pass; so it stays within twice the bound.
 */
public final class MemoryMappingStore implements MappingStore {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final int maxEntries;
    private final LongSupplier millis;
    private final Map<String, Entry> byId = new HashMap<>();
    /** Live entries and, until they expire or the heap is rebuilt, renewed and removed ones. */
    private PriorityQueue<Entry> byExpiry = new PriorityQueue<>();
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
            forget(byId.remove(id));
            sweep(now);
            if (byId.size() >= maxEntries) {
                forget(byId.remove(pollLive().id));
            }
            Entry entry = new Entry(id, copy, expiresAt, sequence++);
            byId.put(id, entry);
            byExpiry.add(entry);
            if (byExpiry.size() > 2 * byId.size() + 16) {
                rebuild();
            }
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
            } else if (entry.expiresAt <= now) {
                forget(byId.remove(id));
                value = Optional.empty();
            } else {
                value = Optional.of(entry.value.clone());
            }
        }
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public CompletionStage<Void> remove(String id) {
        synchronized (this) {
            forget(byId.remove(id));
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

    /**
     * Drops expired entries from the head of the expiry order; caller holds the lock. A renewed
     * or removed entry is left to expire or to the next rebuild: taking each off the heap as it
     * reached the head cost a sift through the whole heap, per call.
     */
    private void sweep(long now) {
        for (Entry head = byExpiry.peek(); head != null && head.expiresAt <= now; head = byExpiry.peek()) {
            byExpiry.poll();
            if (isLive(head)) {
                forget(byId.remove(head.id));
            }
        }
    }

    /** The live entry nearest its expiry, taken off the heap; there is one (the map is full). */
    private Entry pollLive() {
        Entry head = byExpiry.poll();
        while (!isLive(head)) {
            head = byExpiry.poll();
        }
        return head;
    }

    /** Not renewed or removed since it was stored: the map still holds this very entry. */
    private boolean isLive(Entry entry) {
        return byId.get(entry.id) == entry;
    }

    /**
     * Lets go of a renewed or removed entry's value: the entry may wait in the heap until it
     * expires or the heap is rebuilt, its value need not.
     */
    private static void forget(Entry entry) {
        if (entry != null) {
            entry.value = null;
        }
    }

    /** The heap of the live entries alone, made in one pass (the queue heapifies a copied collection). */
    private void rebuild() {
        byExpiry = new PriorityQueue<>(new ArrayList<>(byId.values()));
    }

    /** Entries in the heap, live or not: for the test of its bound. */
    synchronized int heapSize() {
        return byExpiry.size();
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

    /** Ordered by expiry, then by when it was stored. */
    private static final class Entry implements Comparable<Entry> {
        final String id;
        /** Null once renewed or removed. */
        byte[] value;
        final long expiresAt;
        final long sequence;

        Entry(String id, byte[] value, long expiresAt, long sequence) {
            this.id = id;
            this.value = value;
            this.expiresAt = expiresAt;
            this.sequence = sequence;
        }

        @Override
        public int compareTo(Entry other) {
            return expiresAt != other.expiresAt ? Long.compare(expiresAt, other.expiresAt)
                    : Long.compare(sequence, other.sequence);
        }
    }
}

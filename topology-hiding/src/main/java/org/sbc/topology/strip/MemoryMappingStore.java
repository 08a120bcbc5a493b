package org.sbc.topology.strip;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
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
 * sit in a map by id and, through a slot each, in a heap ordered by expiry; expired entries are
 * swept from the heap's head on each put. One lock: the event-loop threads hold it for
 * microseconds. Every stage returned is already complete.
 *
 * <p>A call renews its entry with nearly every message it sends, always to a later expiry. A
 * renewal changes the entry in place and leaves its slot where it is: a slot's key may be older,
 * never later, than its entry's expiry, so the heap's head is still the first to expire. A slot
 * that reaches the head with its entry renewed since is put back under the entry's new expiry:
 * once per entry and time-to-live, not per message (a new heap node and a map removal and
 * insertion per renewal were 3 % of the call benchmark's CPU). Only a renewal to an earlier
 * expiry gives the entry a new slot. A removed entry's slot, and a slot replaced that way, stays
 * until it reaches the head or the heap holds twice the live entries, when all such slots are
 * dropped in one pass; so the heap stays within twice the bound.
 */
public final class MemoryMappingStore implements MappingStore {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final int maxEntries;
    private final LongSupplier millis;
    private final Map<String, Entry> byId = new HashMap<>();
    /** A slot per live entry, plus slots of removed entries until they reach the head or a rebuild. */
    private final PriorityQueue<Slot> byExpiry = new PriorityQueue<>();
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
            sweep(now);
            Entry entry = byId.get(id);
            if (entry != null) {
                entry.renew(copy, expiresAt, sequence++);
                if (entry.slot.expiresAt > expiresAt) {
                    // An earlier expiry than its slot says (the sequence only grows): the slot
                    // would let it outlive its time.
                    offer(entry);
                }
            } else {
                if (byId.size() >= maxEntries) {
                    forget(byId.remove(pollLive().id));
                }
                entry = new Entry(id, copy, expiresAt, sequence++);
                byId.put(id, entry);
                offer(entry);
            }
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
     * Takes the slots due by {@code now} off the heap's head: an entry whose time has come goes, a
     * renewed one is put back under its new expiry, a slot no longer its entry's is dropped.
     * Caller holds the lock.
     */
    private void sweep(long now) {
        for (Slot head = byExpiry.peek(); head != null && head.expiresAt <= now; head = byExpiry.peek()) {
            byExpiry.poll();
            Entry entry = head.entry;
            if (!isCurrent(head)) {
                continue;
            }
            if (entry.expiresAt <= now) {
                forget(byId.remove(entry.id));
            } else {
                offer(entry);
            }
        }
    }

    /**
     * The live entry nearest its expiry, its slot taken off the heap; there is one (the map is
     * full). A renewed entry's slot on the way is put back under its new expiry, so the entry
     * returned is the first by true expiry, not by an old one.
     */
    private Entry pollLive() {
        while (true) {
            Slot head = byExpiry.poll();
            if (!isCurrent(head)) {
                continue;
            }
            if (!head.entry.slotIsBehind()) {
                return head.entry;
            }
            offer(head.entry);
        }
    }

    /**
     * The slot its entry goes by, and the entry still stored: every way out of the map goes
     * through {@link #forget}, so a stored entry is one with its value.
     */
    private static boolean isCurrent(Slot slot) {
        return slot.entry.slot == slot && slot.entry.value != null;
    }

    /** A new slot for {@code entry} under its expiry now; any slot it had before is stale from here. */
    private void offer(Entry entry) {
        Slot slot = new Slot(entry, entry.expiresAt, entry.sequence);
        entry.slot = slot;
        byExpiry.add(slot);
    }

    /**
     * Takes a removed entry's value, which marks it removed: its slot may wait in the heap until
     * it reaches the head or the heap is rebuilt, the value need not.
     */
    private static void forget(Entry entry) {
        if (entry != null) {
            entry.value = null;
        }
    }

    /** Drops the stale slots in one pass over the heap's array, which is then heapified once. */
    private void rebuild() {
        byExpiry.removeIf(slot -> !isCurrent(slot));
    }

    /** Slots in the heap, current or stale: for the test of its bound. */
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

    /** A stored value; its expiry and sequence change in place when it is renewed. */
    private static final class Entry {
        final String id;
        /** Null once removed from the map, and only then. */
        byte[] value;
        long expiresAt;
        /** When it was last stored: orders entries that expire in the same millisecond. */
        long sequence;
        /** Its place in the heap: a key never later than {@link #expiresAt}, {@link #sequence}. */
        Slot slot;

        Entry(String id, byte[] value, long expiresAt, long sequence) {
            this.id = id;
            this.value = value;
            this.expiresAt = expiresAt;
            this.sequence = sequence;
        }

        void renew(byte[] newValue, long newExpiresAt, long newSequence) {
            value = newValue;
            expiresAt = newExpiresAt;
            sequence = newSequence;
        }

        /** Renewed since its slot was made, so the slot's key is older than the entry's. */
        boolean slotIsBehind() {
            return slot.expiresAt != expiresAt || slot.sequence != sequence;
        }
    }

    /** An entry's place in the expiry order, keyed by its expiry and sequence when the slot was made. */
    private record Slot(Entry entry, long expiresAt, long sequence) implements Comparable<Slot> {

        @Override
        public int compareTo(Slot other) {
            return expiresAt != other.expiresAt ? Long.compare(expiresAt, other.expiresAt)
                    : Long.compare(sequence, other.sequence);
        }
    }
}

package org.sbc.core.b2bua.transaction;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.sbc.core.b2bua.Target;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

/**
 * The server transactions of one shard that answered over UDP and only linger (RFC 3261 timer J,
 * RFC 6026 timer L: 64 × T1) to absorb retransmissions: their keys, and the answer to send again,
 * as records in one ring of bytes with two open-addressing indexes of primitives beside it.
 *
 * <p>Why not the transaction objects: at 3,000 calls/s up to about 190,000 of them linger at once
 * (two per ended call, 32 s each), most of the live heap, and each young collection copied them again (object, key strings,
 * answer, map node, timer entries) until they were old enough to promote. A ring and its indexes
 * are a few large arrays of primitives: the collector neither copies nor scans what is in them.
 *
 * <p>Records are appended in the order transactions let go, and leave from the oldest end once
 * their time is up (a sweep armed for the oldest, and on every add); a record whose time is up
 * is never found, even before it leaves. The arrays double as they fill, and go back to their
 * first size once empty. What a record weighs in the memory budget is the transaction's own
 * figure, handed back to the layer when it leaves ({@link TransactionLayer#unlinger}), so the
 * budget's bound on server transactions bounds the ring; beyond {@link #MAX_RING_BYTES} the oldest
 * record leaves early all the same.
 *
 * <p>One event loop's: no locks. Nothing is allocated to look a key up and miss.
 */
final class LingeringAnswers {

    static final int FIRST_RING_BYTES = 1 << 16;
    static final int MAX_RING_BYTES = 1 << 30;
    private static final int FIRST_SLOTS = 1 << 10;

    // Record layout, from its start: length (int), deadline (long, ticker nanos), weight (long),
    // flags (byte), key, then with a merge key: merge key, branch; then with an answer: side,
    // transport, address length (byte), address, port (int), answer length (int), answer.
    // A text is its length (int, negative: one octet a char, else two) and its chars.
    private static final int DEADLINE = 4;
    private static final int WEIGHT = 12;
    private static final int FLAGS = 20;
    private static final int KEY = 21;
    private static final int HAS_ANSWER = 1;
    private static final int HAS_MERGE_KEY = 2;
    private static final int NO_BRANCH = 4;

    private final TransactionLayer layer;
    private final int maxRingBytes;
    private byte[] ring = new byte[FIRST_RING_BYTES];
    /** Absolute offsets: the oldest record's start, and where the next record goes. */
    private long tail;
    private long head;
    private int count;
    private final Index byKey = new Index();
    private final Index byMergeKey = new Index();
    private TimerLanes.Timer sweep;
    private long sweepAt;

    LingeringAnswers(TransactionLayer layer) {
        this(layer, MAX_RING_BYTES);
    }

    /** With a smaller bound than {@link #MAX_RING_BYTES} (a power of two), for its test. */
    LingeringAnswers(TransactionLayer layer, int maxRingBytes) {
        if (Integer.bitCount(maxRingBytes) != 1 || maxRingBytes < FIRST_RING_BYTES) {
            throw new IllegalArgumentException("maxRingBytes: " + maxRingBytes);
        }
        this.layer = layer;
        this.maxRingBytes = maxRingBytes;
    }

    /** What a lingering transaction answers a retransmission with: nothing, or its answer again. */
    record Answer(Target target, byte[] bytes) {
        static final Answer NOTHING = new Answer(null, null);
    }

    int size() {
        return count;
    }

    /** The ring's size now, in bytes (for the tests of its bound). */
    long ringBytes() {
        return ring.length;
    }

    /**
     * Keeps a lingering transaction until {@code deadline} (the loop's ticker): {@code answer} to
     * send again to {@code target} (null for an INVITE whose 2xx its dialog resends), and with a
     * {@code mergeKey}, the branch that tells a merged request apart. False when the target cannot
     * be written as bytes (not an IP address) or the record would take more than half the ring's
     * bound: the caller keeps the transaction as it was.
     */
    boolean add(String key, String mergeKey, String branch, byte[] answer, Target target, long deadline, long weight) {
        byte[] address = null;
        if (answer != null) {
            InetAddress ip = target.address().getAddress();
            if (ip == null) {
                return false;
            }
            address = ip.getAddress();
        }
        long now = layer.nanoTime();
        evictExpired(now);
        int length = KEY + textBytes(key)
                + (mergeKey == null ? 0 : textBytes(mergeKey) + textBytes(branch == null ? "" : branch))
                + (answer == null ? 0 : 2 + 1 + address.length + 4 + 4 + answer.length);
        if (length > maxRingBytes / 2) {
            return false;
        }
        reserve(length);
        long at = head;
        putInt(at, length);
        putLong(at + DEADLINE, deadline);
        putLong(at + WEIGHT, weight);
        ring[slot(at + FLAGS)] = (byte) ((answer == null ? 0 : HAS_ANSWER) | (mergeKey == null ? 0 : HAS_MERGE_KEY)
                | (branch == null ? NO_BRANCH : 0));
        long p = putText(at + KEY, key);
        if (mergeKey != null) {
            p = putText(p, mergeKey);
            p = putText(p, branch == null ? "" : branch);
        }
        if (answer != null) {
            ring[slot(p++)] = (byte) target.side().ordinal();
            ring[slot(p++)] = (byte) target.transport().ordinal();
            ring[slot(p++)] = (byte) address.length;
            p = putBytes(p, address);
            putInt(p, target.address().getPort());
            putInt(p + 4, answer.length);
            putBytes(p + 8, answer);
        }
        head += length;
        count++;
        byKey.insert(key.hashCode(), at);
        if (mergeKey != null) {
            byMergeKey.insert(mergeKey.hashCode(), at);
        }
        armSweep();
        return true;
    }

    /** The answer of the lingering transaction {@code key}; null when none lingers. */
    Answer find(String key) {
        long at = byKey.find(key, false, layer.nanoTime());
        if (at < 0) {
            return null;
        }
        if ((ring[slot(at + FLAGS)] & HAS_ANSWER) == 0) {
            return Answer.NOTHING;
        }
        long p = skipText(at + KEY);
        if ((ring[slot(at + FLAGS)] & HAS_MERGE_KEY) != 0) {
            p = skipText(skipText(p));
        }
        SipSide side = SipSide.values()[ring[slot(p)]];
        Transport transport = Transport.values()[ring[slot(p + 1)]];
        byte[] address = getBytes(p + 3, ring[slot(p + 2)]);
        p += 3 + address.length;
        int port = getInt(p);
        byte[] answer = getBytes(p + 8, getInt(p + 4));
        try {
            return new Answer(Target.of(side, transport, new InetSocketAddress(InetAddress.getByAddress(address), port)),
                    answer);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a lingering answer's address was written wrong", e);
        }
    }

    /** Whether the transaction {@code key} lingers: {@link #find} without copying its answer out. */
    boolean lingers(String key) {
        return byKey.find(key, false, layer.nanoTime()) >= 0;
    }

    /**
     * Whether a transaction with {@code mergeKey} lingers with a top Via branch other than
     * {@code branch} (null: none): a request merged with it (RFC 3261 §8.2.2.2).
     */
    boolean mergedWith(String mergeKey, String branch) {
        long at = byMergeKey.find(mergeKey, true, layer.nanoTime());
        if (at < 0) {
            return false;
        }
        if ((ring[slot(at + FLAGS)] & NO_BRANCH) != 0) {
            return branch != null;
        }
        return branch == null || !textEquals(skipText(skipText(at + KEY)), branch);
    }

    /** Lets every record whose time is up leave; armed for the oldest record's deadline. */
    private void sweep() {
        sweep = null;
        evictExpired(layer.nanoTime());
        armSweep();
    }

    private void armSweep() {
        if (count == 0) {
            if (sweep != null) {
                sweep.cancel();
                sweep = null;
            }
            return;
        }
        long deadline = getLong(tail + DEADLINE);
        if (sweep != null && sweepAt <= deadline) {
            return;
        }
        if (sweep != null) {
            sweep.cancel();
        }
        sweepAt = deadline;
        // The oldest's deadline, and at least a tick later so a record added at its deadline is swept.
        long delayMillis = Math.max(1, (deadline - layer.nanoTime() + 999_999) / 1_000_000);
        sweep = layer.lanes().oneOff(this::sweep, delayMillis);
    }

    private void evictExpired(long now) {
        while (count > 0 && getLong(tail + DEADLINE) - now <= 0) {
            evictOldest();
        }
        if (count == 0 && ring.length > FIRST_RING_BYTES) {
            ring = new byte[FIRST_RING_BYTES];
            byKey.reset();
            byMergeKey.reset();
        }
    }

    private void evictOldest() {
        long at = tail;
        int length = getInt(at);
        byKey.remove(textHash(at + KEY), at);
        if ((ring[slot(at + FLAGS)] & HAS_MERGE_KEY) != 0) {
            byMergeKey.remove(textHash(skipText(at + KEY)), at);
        }
        layer.unlinger(getLong(at + WEIGHT));
        tail += length;
        count--;
    }

    /** Room for {@code length} more bytes: the ring doubles, or past its bound the oldest leave. */
    private void reserve(int length) {
        while (head - tail + length > ring.length) {
            if (ring.length < maxRingBytes) {
                grow();
            } else if (count > 0) {
                evictOldest();
            } else {
                throw new IllegalStateException("a lingering record of " + length + " bytes"); // add() refuses those
            }
        }
    }

    /**
     * Twice the ring, every live byte at the same absolute offset: the live span is shorter than
     * the old ring, so offset modulo the new size never puts two live bytes in one place.
     */
    private void grow() {
        byte[] bigger = new byte[ring.length * 2];
        for (long at = tail; at < head; ) {
            int from = slot(at);
            int to = (int) (at & (bigger.length - 1));
            int run = (int) Math.min(head - at, Math.min(ring.length - from, bigger.length - to));
            System.arraycopy(ring, from, bigger, to, run);
            at += run;
        }
        ring = bigger;
    }

    private int slot(long at) {
        return (int) (at & (ring.length - 1));
    }

    // ---- texts, numbers and byte runs at absolute offsets, across the ring's end ----

    private static int textBytes(String text) {
        return 4 + (latin1(text) ? text.length() : 2 * text.length());
    }

    private static boolean latin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private long putText(long at, String text) {
        boolean narrow = latin1(text);
        putInt(at, narrow ? -text.length() : text.length());
        long p = at + 4;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!narrow) {
                ring[slot(p++)] = (byte) (c >>> 8);
            }
            ring[slot(p++)] = (byte) c;
        }
        return p;
    }

    private long skipText(long at) {
        int n = getInt(at);
        return at + 4 + (n < 0 ? -n : 2L * n);
    }

    private char charAt(long at, boolean narrow, int i) {
        if (narrow) {
            return (char) (ring[slot(at + 4 + i)] & 0xFF);
        }
        return (char) (((ring[slot(at + 4 + 2L * i)] & 0xFF) << 8) | (ring[slot(at + 4 + 2L * i + 1)] & 0xFF));
    }

    private boolean textEquals(long at, String text) {
        int n = getInt(at);
        boolean narrow = n < 0;
        if ((narrow ? -n : n) != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (charAt(at, narrow, i) != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The String hash of the text at {@code at}, as the index was given it. */
    private int textHash(long at) {
        int n = getInt(at);
        boolean narrow = n < 0;
        int h = 0;
        for (int i = 0, len = narrow ? -n : n; i < len; i++) {
            h = 31 * h + charAt(at, narrow, i);
        }
        return h;
    }

    private void putInt(long at, int value) {
        for (int i = 0; i < 4; i++) {
            ring[slot(at + i)] = (byte) (value >>> (24 - 8 * i));
        }
    }

    private int getInt(long at) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (ring[slot(at + i)] & 0xFF);
        }
        return value;
    }

    private void putLong(long at, long value) {
        putInt(at, (int) (value >>> 32));
        putInt(at + 4, (int) value);
    }

    private long getLong(long at) {
        return ((long) getInt(at) << 32) | (getInt(at + 4) & 0xFFFF_FFFFL);
    }

    private long putBytes(long at, byte[] bytes) {
        int start = slot(at);
        int first = Math.min(bytes.length, ring.length - start);
        System.arraycopy(bytes, 0, ring, start, first);
        System.arraycopy(bytes, first, ring, 0, bytes.length - first);
        return at + bytes.length;
    }

    private byte[] getBytes(long at, int length) {
        byte[] bytes = new byte[length];
        int start = slot(at);
        int first = Math.min(length, ring.length - start);
        System.arraycopy(ring, start, bytes, 0, first);
        System.arraycopy(ring, 0, bytes, first, length - first);
        return bytes;
    }

    /**
     * Record offsets by the String hash of one of their texts: linear probing over two arrays
     * (offset + 1, 0 for a free slot, and the hash), at most half full, with backward-shift
     * removal so that no tombstones lengthen the probes.
     */
    private final class Index {
        private long[] offsets = new long[FIRST_SLOTS];
        private int[] hashes = new int[FIRST_SLOTS];
        private int used;

        void reset() {
            if (offsets.length > FIRST_SLOTS) {
                offsets = new long[FIRST_SLOTS];
                hashes = new int[FIRST_SLOTS];
            }
            used = 0;
        }

        void insert(int hash, long at) {
            if (2 * (used + 1) > offsets.length) {
                resize();
            }
            int mask = offsets.length - 1;
            int i = spread(hash) & mask;
            while (offsets[i] != 0) {
                i = (i + 1) & mask;
            }
            offsets[i] = at + 1;
            hashes[i] = hash;
            used++;
        }

        /** The offset of the live record whose key (or merge key) is {@code text}; -1 when none. */
        long find(String text, boolean mergeKey, long now) {
            int hash = text.hashCode();
            int mask = offsets.length - 1;
            for (int i = spread(hash) & mask; offsets[i] != 0; i = (i + 1) & mask) {
                if (hashes[i] != hash) {
                    continue;
                }
                long at = offsets[i] - 1;
                long textAt = mergeKey ? skipText(at + KEY) : at + KEY;
                if (getLong(at + DEADLINE) - now > 0 && textEquals(textAt, text)) {
                    return at;
                }
            }
            return -1;
        }

        void remove(int hash, long at) {
            int mask = offsets.length - 1;
            int i = spread(hash) & mask;
            while (offsets[i] != at + 1) {
                if (offsets[i] == 0) {
                    throw new IllegalStateException("a lingering record missing from its index");
                }
                i = (i + 1) & mask;
            }
            // Backward shift: pull later entries of the run into the hole when their home allows.
            int hole = i;
            for (int j = (hole + 1) & mask; offsets[j] != 0; j = (j + 1) & mask) {
                int home = spread(hashes[j]) & mask;
                boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
                if (movable) {
                    offsets[hole] = offsets[j];
                    hashes[hole] = hashes[j];
                    hole = j;
                }
            }
            offsets[hole] = 0;
            used--;
        }

        private void resize() {
            long[] oldOffsets = offsets;
            int[] oldHashes = hashes;
            offsets = new long[oldOffsets.length * 2];
            hashes = new int[oldOffsets.length * 2];
            int mask = offsets.length - 1;
            for (int k = 0; k < oldOffsets.length; k++) {
                if (oldOffsets[k] != 0) {
                    int i = spread(oldHashes[k]) & mask;
                    while (offsets[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    offsets[i] = oldOffsets[k];
                    hashes[i] = oldHashes[k];
                }
            }
        }

        private static int spread(int hash) {
            return hash ^ (hash >>> 16);
        }
    }

    @Override
    public String toString() {
        return "LingeringAnswers[" + count + " records, " + (head - tail) + " of " + ring.length + " bytes]";
    }
}

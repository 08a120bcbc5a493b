package org.sbc.media.srtp;

/**
 * The sliding-window replay list of RFC 3711 §3.3.2, as the bitmap RFC 2401 describes: the highest
 * index accepted so far and, for the {@code size} indices up to it, whether each was accepted.
 * An index behind the window counts as received. The highest index is also s_l and ROC for the
 * index estimate ({@link PacketIndex}).
 *
 * <p>Bits live in a ring (index mod size), so moving the window ahead clears only the bits it
 * passes, a word at a time.
 */
final class ReplayWindow {

    private final long[] bits;
    private final int size;
    private long top = -1;

    /** @param size a power of two, at least 64 */
    ReplayWindow(int size) {
        this.size = size;
        this.bits = new long[size / 64];
    }

    /** The highest accepted index; -1 before the first. */
    long top() {
        return top;
    }

    /** True for an index ahead of the window, or inside it and not yet accepted. */
    boolean isFresh(long index) {
        if (index > top) {
            return true;
        }
        if (top - index >= size) {
            return false;
        }
        int position = (int) (index & (size - 1));
        return (bits[position >>> 6] & 1L << position) == 0;
    }

    /** Records an index that {@link #isFresh} allowed and that authenticated. */
    void accept(long index) {
        if (index > top) {
            long advance = index - top;
            if (top < 0 || advance >= size) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                clear(top + 1, index);
            }
            top = index;
        }
        int position = (int) (index & (size - 1));
        bits[position >>> 6] |= 1L << position;
    }

    /** Clears the bits of indices from..to inclusive, fewer than size of them. */
    private void clear(long from, long to) {
        long index = from;
        while (index <= to) {
            int position = (int) (index & (size - 1));
            int bit = position & 63;
            int count = (int) Math.min(64 - bit, to - index + 1);
            long mask = count == 64 ? -1L : ((1L << count) - 1) << bit;
            bits[position >>> 6] &= ~mask;
            index += count;
        }
    }
}

package org.sbc.feeds;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * An immutable, compact set of IPv4 and IPv6 addresses for threat feeds: every prefix or range
 * added is turned into a [first, last] range, overlapping and adjacent ranges are merged, and a
 * lookup is one binary search over sorted primitive arrays.
 *
 * <p>Why not {@link CidrSet}: a feed of a million entries as {@code InetAddress} objects in hash
 * sets costs well over 100 bytes an entry and one allocation per probe. Here an IPv4 range costs
 * 8 bytes (two {@code int}s) and an IPv6 range 32 bytes (four {@code long}s), whatever the feed
 * looks like, and a lookup allocates only the address's byte copy. Lookups never take a lock:
 * the arrays are never written after {@link Builder#build()}.
 *
 * <p>Unsigned order is kept in signed arrays by flipping the top bit of every stored value
 * ({@code x ^ MIN_VALUE}): that maps unsigned order onto signed order, so the searches use plain
 * {@code <} comparisons.
 */
public final class AddressSet {

    private static final AddressSet EMPTY = new AddressSet(new int[0], new int[0], new long[0], new long[0], 0);

    /** Flipped IPv4 range starts and ends, sorted, disjoint, not adjacent. */
    private final int[] v4First;
    private final int[] v4Last;
    /** IPv6 ranges as (high, low) pairs of flipped longs: index 2i is the high half of range i. */
    private final long[] v6First;
    private final long[] v6Last;
    /** How many prefixes or ranges were added before merging: what the feed listed. */
    private final int entries;

    private AddressSet(int[] v4First, int[] v4Last, long[] v6First, long[] v6Last, int entries) {
        this.v4First = v4First;
        this.v4Last = v4Last;
        this.v6First = v6First;
        this.v6Last = v6Last;
        this.entries = entries;
    }

    public static AddressSet empty() {
        return EMPTY;
    }

    /** A builder that refuses more than {@code maxEntries} additions (every table is bounded). */
    public static Builder builder(int maxEntries) {
        return new Builder(maxEntries);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** {@code address} is 4 or 16 network-order bytes; any other length is never contained. */
    public boolean contains(byte[] address) {
        if (address.length == 4) {
            return containsIpv4(toInt(address, 0));
        }
        if (address.length == 16) {
            return containsIpv6(toLong(address, 0), toLong(address, 8));
        }
        return false;
    }

    /** {@code address} as the unsigned 32-bit value of an IPv4 address. */
    public boolean containsIpv4(int address) {
        int key = address ^ Integer.MIN_VALUE;
        int[] first = v4First;
        // the last range whose start is <= key
        int low = 0;
        int high = first.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (first[mid] <= key) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return high >= 0 && key <= v4Last[high];
    }

    public boolean containsIpv6(long high64, long low64) {
        long hi = high64 ^ Long.MIN_VALUE;
        long lo = low64 ^ Long.MIN_VALUE;
        long[] first = v6First;
        int low = 0;
        int high = first.length / 2 - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long fh = first[2 * mid];
            if (fh < hi || (fh == hi && first[2 * mid + 1] <= lo)) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (high < 0) {
            return false;
        }
        long lh = v6Last[2 * high];
        return hi < lh || (hi == lh && lo <= v6Last[2 * high + 1]);
    }

    /** Prefixes and ranges added, before merging. */
    public int entries() {
        return entries;
    }

    /** Disjoint IPv4 ranges after merging. */
    public int ipv4Ranges() {
        return v4First.length;
    }

    /** Disjoint IPv6 ranges after merging. */
    public int ipv6Ranges() {
        return v6First.length / 2;
    }

    public boolean isEmpty() {
        return v4First.length == 0 && v6First.length == 0;
    }

    /**
     * Bytes held by the lookup arrays: the figure the benchmark divides by entries. The object
     * headers (five arrays, one object: under 100 bytes) are left out as constant.
     */
    public long arrayBytes() {
        return 4L * (v4First.length + v4Last.length) + 8L * (v6First.length + v6Last.length);
    }

    @Override
    public String toString() {
        return "AddressSet[entries=" + entries + ", ipv4Ranges=" + ipv4Ranges() + ", ipv6Ranges=" + ipv6Ranges() + "]";
    }

    static int toInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    static long toLong(byte[] b, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (b[at + i] & 0xff);
        }
        return value;
    }

    /**
     * Collects prefixes and ranges, then sorts and merges them once in {@link #build()}. Not
     * thread-safe: one refresh thread fills one builder, off the event loops, and publishes the
     * built set with one reference swap.
     */
    public static final class Builder {

        private final int maxEntries;
        /** IPv4 ranges packed as (flipped first << 32 | last): sorting the longs sorts by first. */
        private long[] v4 = new long[64];
        private int v4Count;
        /** IPv6 ranges as flipped (firstHi, firstLo, lastHi, lastLo) quadruples. */
        private long[] v6 = new long[64];
        private int v6Count;
        private int entries;

        private Builder(int maxEntries) {
            if (maxEntries < 0) {
                throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 0)");
            }
            this.maxEntries = maxEntries;
        }

        /** Adds a prefix; false, and nothing added, once {@code maxEntries} have been added. */
        public boolean add(IpPrefix prefix) {
            requireNonNull(prefix, "prefix");
            byte[] network = prefix.network().getAddress();
            int length = prefix.length();
            if (network.length == 4) {
                int first = toInt(network, 0);
                int last = length == 0 ? -1 : first | (int) (0xffffffffL >>> length);
                return addIpv4Range(first, last);
            }
            long hi = toLong(network, 0);
            long lo = toLong(network, 8);
            long hostHi = length >= 64 ? 0 : (length == 0 ? -1L : -1L >>> length);
            long hostLo = length >= 128 ? 0 : (length <= 64 ? -1L : -1L >>> (length - 64));
            return addIpv6Range(hi, lo, hi | hostHi, lo | hostLo);
        }

        public boolean add(InetAddress address) {
            return add(IpPrefix.of(address));
        }

        /** Adds the unsigned range [first, last]; {@code first > last} (unsigned) is refused. */
        public boolean addIpv4Range(int first, int last) {
            if (Integer.compareUnsigned(first, last) > 0) {
                throw new IllegalArgumentException("range: " + Integer.toUnsignedString(first) + ".."
                        + Integer.toUnsignedString(last) + " (expected: first <= last)");
            }
            if (entries >= maxEntries) {
                return false;
            }
            if (v4Count == v4.length) {
                v4 = Arrays.copyOf(v4, v4.length * 2);
            }
            v4[v4Count++] = (long) (first ^ Integer.MIN_VALUE) << 32 | (last & 0xffffffffL);
            entries++;
            return true;
        }

        public boolean addIpv6Range(long firstHi, long firstLo, long lastHi, long lastLo) {
            int order = Long.compareUnsigned(firstHi, lastHi);
            if (order > 0 || (order == 0 && Long.compareUnsigned(firstLo, lastLo) > 0)) {
                throw new IllegalArgumentException("IPv6 range: first > last (expected: first <= last)");
            }
            if (entries >= maxEntries) {
                return false;
            }
            if (v6Count * 4 == v6.length) {
                v6 = Arrays.copyOf(v6, v6.length * 2);
            }
            int at = v6Count * 4;
            v6[at] = firstHi ^ Long.MIN_VALUE;
            v6[at + 1] = firstLo ^ Long.MIN_VALUE;
            v6[at + 2] = lastHi ^ Long.MIN_VALUE;
            v6[at + 3] = lastLo ^ Long.MIN_VALUE;
            v6Count++;
            entries++;
            return true;
        }

        public int entries() {
            return entries;
        }

        public AddressSet build() {
            if (entries == 0) {
                return EMPTY;
            }
            int[][] v4Ranges = buildIpv4();
            long[][] v6Ranges = buildIpv6();
            return new AddressSet(v4Ranges[0], v4Ranges[1], v6Ranges[0], v6Ranges[1], entries);
        }

        private int[][] buildIpv4() {
            long[] packed = Arrays.copyOf(v4, v4Count);
            Arrays.sort(packed);
            int[] first = new int[v4Count];
            int[] last = new int[v4Count];
            int n = 0;
            for (long range : packed) {
                int f = (int) (range >> 32);
                int l = (int) range ^ Integer.MIN_VALUE;
                if (n > 0 && last[n - 1] == Integer.MAX_VALUE) {
                    break; // the current range reaches 255.255.255.255: every later one is inside it
                }
                // merge when the range starts inside the current one or right after its end
                if (n > 0 && f <= last[n - 1] + 1) {
                    last[n - 1] = Math.max(last[n - 1], l);
                } else {
                    first[n] = f;
                    last[n] = l;
                    n++;
                }
            }
            return new int[][] {Arrays.copyOf(first, n), Arrays.copyOf(last, n)};
        }

        private long[][] buildIpv6() {
            int count = v6Count;
            long[] quads = v6;
            // sort quadruple indices by (firstHi, firstLo): a primitive merge sort over an int[]
            int[] index = new int[count];
            for (int i = 0; i < count; i++) {
                index[i] = i;
            }
            sortByFirst(index, quads);
            long[] first = new long[count * 2];
            long[] last = new long[count * 2];
            int n = 0;
            for (int k = 0; k < count; k++) {
                int at = index[k] * 4;
                long fh = quads[at];
                long fl = quads[at + 1];
                long lh = quads[at + 2];
                long ll = quads[at + 3];
                if (n > 0) {
                    long ph = last[2 * n - 2];
                    long pl = last[2 * n - 1];
                    if (ph == Long.MAX_VALUE && pl == Long.MAX_VALUE) {
                        break; // the current range reaches the last IPv6 address: every later one is inside
                    }
                    // the address right after the current range, in flipped form (the low half wraps)
                    long nl = pl + 1;
                    long nh = pl == Long.MAX_VALUE ? ph + 1 : ph;
                    if (fh < nh || (fh == nh && fl <= nl)) {
                        if (lh > ph || (lh == ph && ll > pl)) {
                            last[2 * n - 2] = lh;
                            last[2 * n - 1] = ll;
                        }
                        continue;
                    }
                }
                first[2 * n] = fh;
                first[2 * n + 1] = fl;
                last[2 * n] = lh;
                last[2 * n + 1] = ll;
                n++;
            }
            return new long[][] {Arrays.copyOf(first, 2 * n), Arrays.copyOf(last, 2 * n)};
        }

        private static void sortByFirst(int[] index, long[] quads) {
            int[] buffer = new int[index.length];
            for (int width = 1; width < index.length; width *= 2) {
                for (int start = 0; start < index.length; start += 2 * width) {
                    int mid = Math.min(start + width, index.length);
                    int end = Math.min(start + 2 * width, index.length);
                    int i = start;
                    int j = mid;
                    int k = start;
                    while (i < mid && j < end) {
                        buffer[k++] = lessOrEqual(quads, index[i], index[j]) ? index[i++] : index[j++];
                    }
                    while (i < mid) {
                        buffer[k++] = index[i++];
                    }
                    while (j < end) {
                        buffer[k++] = index[j++];
                    }
                }
                System.arraycopy(buffer, 0, index, 0, index.length);
            }
        }

        private static boolean lessOrEqual(long[] quads, int a, int b) {
            long ah = quads[a * 4];
            long bh = quads[b * 4];
            return ah < bh || (ah == bh && quads[a * 4 + 1] <= quads[b * 4 + 1]);
        }
    }
}

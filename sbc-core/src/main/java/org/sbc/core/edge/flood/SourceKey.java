package org.sbc.core.edge.flood;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.sbc.feeds.IpPrefix;

/**
 * An address or its enclosing prefix as two longs: a cheap hash key for the per-message path,
 * where an {@link IpPrefix} would allocate an address per lookup.
 */
record SourceKey(boolean ipv4, long high, long low, int length) {

    static SourceKey of(InetAddress address, int length) {
        return of(address.getAddress(), length);
    }

    /** From the raw bytes (4 or 16), so that the per-message path copies them once for all rules. */
    static SourceKey of(byte[] bytes, int length) {
        if (bytes.length == 4) {
            long value = ((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xffL) << 16) | ((bytes[2] & 0xffL) << 8) | (bytes[3] & 0xffL);
            long mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
            return new SourceKey(true, 0, value & mask, length);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xffL);
            low = (low << 8) | (bytes[i + 8] & 0xffL);
        }
        return new SourceKey(false, high & maskOf(length), low & maskOf(length - 64), length);
    }

    /** The top {@code bits} bits of a long set; none for bits ≤ 0, all for bits ≥ 64. */
    private static long maskOf(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    IpPrefix toPrefix() {
        byte[] bytes;
        if (ipv4) {
            bytes = new byte[] {(byte) (low >>> 24), (byte) (low >>> 16), (byte) (low >>> 8), (byte) low};
        } else {
            bytes = new byte[16];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (high >>> (56 - 8 * i));
                bytes[i + 8] = (byte) (low >>> (56 - 8 * i));
            }
        }
        try {
            return new IpPrefix(InetAddress.getByAddress(bytes), length);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }
}

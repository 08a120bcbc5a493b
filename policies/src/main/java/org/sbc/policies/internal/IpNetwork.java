package org.sbc.policies.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * One IPv4 or IPv6 network as two 64-bit halves with the host bits cleared. Matching compares
 * bits, never text: {@code 10.0.0.1} does not match {@code 10.0.0.15}, the mistake of
 * string-prefix matchers (Kamailio secfilter). threat-feeds has the same idea as {@code IpPrefix};
 * this module may not depend on it, and this form hashes cheaply for {@link IpSet}.
 *
 * @param v6 whether this is an IPv6 network (an IPv4 address never matches one, and back)
 * @param high the first 64 bits (IPv6) or 0 (IPv4)
 * @param low the last 64 bits (IPv6) or the 32 address bits (IPv4)
 * @param length the prefix length
 */
public record IpNetwork(boolean v6, long high, long low, int length) {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public IpNetwork {
        int max = v6 ? 128 : 32;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("length: " + length + " (expected: 0.." + max + ")");
        }
    }

    /** The network of {@code address} with {@code length} bits. */
    public static IpNetwork of(InetAddress address, int length) {
        byte[] bytes = address.getAddress();
        boolean v6 = bytes.length == 16;
        long high = v6 ? bits(bytes, 0) : 0;
        long low = v6 ? bits(bytes, 8) : bits(bytes, 0);
        return masked(v6, high, low, length);
    }

    static IpNetwork masked(boolean v6, long high, long low, int length) {
        if (v6) {
            long highMask = length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
            long lowMask = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
            return new IpNetwork(true, high & highMask, low & lowMask, length);
        }
        long mask = length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
        return new IpNetwork(false, 0, low & mask, length);
    }

    /**
     * Parses {@code ADDRESS} or {@code ADDRESS/LENGTH} from IP literals only: no text reaches a
     * resolver, so loading a policy never does DNS. Host bits set below the prefix are refused,
     * since {@code 10.0.0.1/8} usually means the writer meant something else.
     */
    public static IpNetwork parse(String text) throws InvalidValueException {
        String expected = " (expected: an IPv4 or IPv6 address or CIDR, e.g. 192.0.2.0/24 or 2001:db8::/32)";
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        InetAddress address = literal(addressText)
                .orElseThrow(() -> new InvalidValueException(Problems.quote(text) + expected));
        int max = address.getAddress().length * 8;
        int length = max;
        if (slash >= 0) {
            String lengthText = text.substring(slash + 1);
            if (lengthText.isEmpty() || lengthText.length() > 3 || !lengthText.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(lengthText) > max) {
                throw new InvalidValueException(Problems.quote(text) + " (expected: a prefix length 0.." + max + ")");
            }
            length = Integer.parseInt(lengthText);
        }
        IpNetwork network = of(address, length);
        IpNetwork whole = of(address, max);
        if (network.high != whole.high || network.low != whole.low) {
            throw new InvalidValueException(Problems.quote(text) + " has host bits set (expected: "
                    + network + ")");
        }
        return network;
    }

    /** Parses an address literal; IPv4-mapped IPv6 literals come back as IPv4 (the JDK's choice). */
    public static java.util.Optional<InetAddress> literal(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                String[] parts = text.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    bytes[i] = (byte) Integer.parseInt(parts[i]);
                }
                return java.util.Optional.of(InetAddress.getByAddress(bytes));
            }
            if (text.indexOf(':') < 0 || !IPV6_CHARS.matcher(text).matches()) {
                return java.util.Optional.empty();
            }
            // Only hex digits, colons and dots reach here: getByName treats such text as a
            // literal and either parses it or fails, without any lookup.
            return java.util.Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    public boolean contains(InetAddress address) {
        return v6 == (address.getAddress().length == 16) && equals(of(address, length));
    }

    public boolean isV4() {
        return !v6;
    }

    private static long bits(byte[] bytes, int from) {
        long value = 0;
        int end = Math.min(bytes.length, from + 8);
        for (int i = from; i < end; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    @Override
    public String toString() {
        byte[] bytes = new byte[v6 ? 16 : 4];
        if (v6) {
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (high >>> (56 - 8 * i));
                bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
        } else {
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) (low >>> (24 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + length;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }
}

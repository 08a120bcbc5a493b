package org.sbc.feeds;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network: an address with its host bits cleared and a prefix length. Matching
 * compares parsed bytes, never text: {@code 10.0.0.1} does not match {@code 10.0.0.15}, the
 * mistake of string-prefix matchers.
 */
public record IpPrefix(InetAddress network, int length) {

    public IpPrefix {
        requireNonNull(network, "network");
        int max = network.getAddress().length * 8;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("length: " + length + " (expected: 0.." + max + ")");
        }
        network = mask(network, length);
    }

    /** The single-address prefix: /32 or /128. */
    public static IpPrefix of(InetAddress address) {
        return new IpPrefix(address, address.getAddress().length * 8);
    }

    /**
     * Parses {@code ADDRESS} or {@code ADDRESS/LENGTH} from IP literals only (never DNS). IPv6
     * may be bracketed. Host bits set below the prefix are refused, since {@code 10.0.0.1/8}
     * usually means the writer meant something else.
     */
    public static Optional<IpPrefix> parse(String text) {
        return Optional.ofNullable(parsed(text).prefix());
    }

    /**
     * As {@link #parse}, for a config reader that must say what is wrong.
     *
     * @throws IllegalArgumentException whose message is what to write after the text, e.g.
     *     {@code (expected: a prefix length 0..32)} or {@code has host bits set (expected: 10.0.0.0/8)}
     */
    public static IpPrefix parseOrThrow(String text) {
        Parsed parsed = parsed(text);
        if (parsed.prefix() == null) {
            throw new IllegalArgumentException(parsed.problem());
        }
        return parsed.prefix();
    }

    /** A prefix, or (prefix null) why there is none; no exception on the feed-loading path. */
    private record Parsed(IpPrefix prefix, String problem) {}

    private static Parsed parsed(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        if (addressText.startsWith("[") && addressText.endsWith("]") && addressText.length() > 2) {
            addressText = addressText.substring(1, addressText.length() - 1);
        }
        Optional<InetAddress> address = IpLiteral.parse(addressText);
        if (address.isEmpty()) {
            return new Parsed(null, "(expected: an IPv4 or IPv6 address or CIDR, e.g. 192.0.2.0/24 or 2001:db8::/32)");
        }
        int max = address.get().getAddress().length * 8;
        int length = max;
        if (slash >= 0) {
            String lengthText = text.substring(slash + 1);
            if (lengthText.isEmpty() || lengthText.length() > 3 || !lengthText.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(lengthText) > max) {
                return new Parsed(null, "(expected: a prefix length 0.." + max + ")");
            }
            length = Integer.parseInt(lengthText);
        }
        IpPrefix prefix = new IpPrefix(address.get(), length);
        return prefix.network.equals(address.get()) ? new Parsed(prefix, null)
                : new Parsed(null, "has host bits set (expected: " + prefix + ")");
    }

    public boolean contains(InetAddress address) {
        return address.getAddress().length == network.getAddress().length
                && mask(address, length).equals(network);
    }

    public boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    /** The enclosing prefix of {@code address} with {@code length} bits: its /24, its /64. */
    public static IpPrefix enclosing(InetAddress address, int length) {
        return new IpPrefix(address, length);
    }

    static InetAddress mask(InetAddress address, int length) {
        byte[] bytes = address.getAddress();
        byte[] masked = Arrays.copyOf(bytes, bytes.length);
        for (int bit = length; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(masked);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + length;
    }
}

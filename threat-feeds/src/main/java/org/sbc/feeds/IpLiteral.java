package org.sbc.feeds;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * IP literal parsing that can never reach a resolver: the project's one parser of address text
 * (config, feeds, policies, topology hiding). {@code InetAddress.getByName} would send anything
 * that is not a literal to DNS; here text becomes bytes by hand and only then an address, through
 * {@code InetAddress.getByAddress}, which never looks anything up. An IPv4-mapped IPv6 literal
 * ({@code ::ffff:192.0.2.1}) comes back as its IPv4 address, as the JDK does.
 */
public final class IpLiteral {

    /** The longest IPv6 text: eight groups with an embedded IPv4 tail. */
    private static final int MAX_IPV6_CHARS = 45;

    private IpLiteral() {}

    /** A dotted quad or an unbracketed IPv6 literal; empty otherwise. */
    public static Optional<InetAddress> parse(String text) {
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    /** An IPv4 dotted quad ({@code 192.0.2.1}) or an IPv6 literal in brackets ({@code [::1]}), as in a URI. */
    public static Optional<InetAddress> parseUriHost(String text) {
        if (text.length() > 2 && text.startsWith("[") && text.endsWith("]")) {
            return parseIpv6(text.substring(1, text.length() - 1));
        }
        return parseIpv4(text);
    }

    /**
     * Strict dotted quad: four decimal parts. Leading zeros are refused because some parsers
     * read {@code 010} as octal, so the same text would mean two addresses.
     */
    public static Optional<InetAddress> parseIpv4(String text) {
        byte[] bytes = ipv4Bytes(text);
        return bytes == null ? Optional.empty() : Optional.of(toAddress(bytes));
    }

    /** RFC 4291 section 2.2 text forms, without brackets; zone ids are refused. */
    public static Optional<InetAddress> parseIpv6(String text) {
        byte[] bytes = ipv6Bytes(text);
        return bytes == null ? Optional.empty() : Optional.of(toAddress(bytes));
    }

    /**
     * The address as text should carry it (SDP, headers): dotted quad, or IPv6 in RFC 5952's
     * canonical text (lower case, no leading zeros, the longest run of zero groups as
     * {@code ::}), no zone. The JDK's {@code getHostAddress} writes every group.
     */
    public static String format(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened (RFC 5952 §4.2.2)
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int end = i;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = end;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** One pass over the characters: hosts of Request-URIs and Vias are read here per message. */
    private static byte[] ipv4Bytes(String text) {
        if (text.length() > 15) {
            return null;
        }
        byte[] bytes = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    return null;
                }
                bytes[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (isAsciiDigit(c) && digits < 3 && !(digits == 1 && value == 0)) {
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? bytes : null;
    }

    private static byte[] ipv6Bytes(String text) {
        if (text.isEmpty() || text.length() > MAX_IPV6_CHARS) {
            return null;
        }
        String hex = text;
        int lastColon = text.lastIndexOf(':');
        if (lastColon >= 0 && text.indexOf('.', lastColon) >= 0) {
            // An embedded IPv4 tail (::ffff:192.0.2.1) is the same 32 bits as two hex groups.
            byte[] v4 = ipv4Bytes(text.substring(lastColon + 1));
            if (v4 == null) {
                return null;
            }
            hex = text.substring(0, lastColon + 1) + Integer.toHexString(((v4[0] & 0xff) << 8) | (v4[1] & 0xff))
                    + ":" + Integer.toHexString(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
        }
        int gap = hex.indexOf("::");
        if (gap >= 0 && hex.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = groups(gap >= 0 ? hex.substring(0, gap) : hex);
        List<Integer> tail = groups(gap >= 0 ? hex.substring(gap + 2) : "");
        if (head == null || tail == null) {
            return null;
        }
        int given = head.size() + tail.size();
        if (gap >= 0 ? given > 7 : given != 8) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            putGroup(bytes, i, head.get(i));
        }
        for (int i = 0; i < tail.size(); i++) {
            putGroup(bytes, 8 - tail.size() + i, tail.get(i));
        }
        return bytes;
    }

    /** Colon-separated groups of 1..4 hex digits; null when malformed. */
    private static List<Integer> groups(String text) {
        List<Integer> groups = new ArrayList<>();
        if (text.isEmpty()) {
            return groups;
        }
        for (String group : text.split(":", -1)) {
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(IpLiteral::isAsciiHex)) {
                return null;
            }
            groups.add(Integer.parseInt(group, 16));
        }
        return groups;
    }

    private static void putGroup(byte[] bytes, int index, int group) {
        bytes[2 * index] = (byte) (group >>> 8);
        bytes[2 * index + 1] = (byte) group;
    }

    private static InetAddress toAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("only 4 or 16 bytes reach here", e);
        }
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiHex(int c) {
        return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}

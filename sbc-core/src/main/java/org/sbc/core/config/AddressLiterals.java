package org.sbc.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * IP literal and DNS name syntax, checked by hand. {@code InetAddress.getByName} would send
 * anything that is not a literal to a resolver; here text only becomes an address through
 * {@code InetAddress.getByAddress}, which never looks anything up.
 */
public final class AddressLiterals {

    private AddressLiterals() {}

    /** An IPv4 dotted quad ({@code 192.0.2.1}) or an IPv6 literal in brackets ({@code [::1]}). */
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
     * A host name per RFC 1123 section 2.1: labels of letters, digits and inner hyphens, 1..63
     * characters, at most 253 in all. A name whose last label is all digits is refused, so that
     * a mistyped address such as {@code 192.0.2.300} is not taken for a name.
     */
    public static boolean isDnsName(String text) {
        if (text.isEmpty() || text.length() > 253) {
            return false;
        }
        String[] labels = text.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63
                    || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != '-') {
                    return false;
                }
            }
        }
        return !labels[labels.length - 1].chars().allMatch(AddressLiterals::isAsciiDigit);
    }

    private static byte[] ipv4Bytes(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(AddressLiterals::isAsciiDigit)) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] ipv6Bytes(String text) {
        if (text.isEmpty() || text.length() > 45) {
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
            hex = text.substring(0, lastColon + 1) + String.format("%x:%x",
                    ((v4[0] & 0xff) << 8) | (v4[1] & 0xff), ((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
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
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(AddressLiterals::isAsciiHex)) {
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

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiHex(int c) {
        return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}

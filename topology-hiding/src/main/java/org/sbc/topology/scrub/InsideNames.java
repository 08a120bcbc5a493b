package org.sbc.topology.scrub;

import java.net.InetAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sbc.feeds.IpLiteral;

/**
 * The names that must never leave: inside IP addresses (IPv4, IPv6) and host names or domains
 * (a domain covers its subdomains). Finds and replaces whole host tokens, case-insensitively,
 * never a prefix of a longer one (127.0.0.2 is not inside 127.0.0.20).
 *
 * <p>Kamailio's secfilter matched IPs as string prefixes; here text is cut into host tokens
 * (maximal runs of {@code [A-Za-z0-9.-]}, or IPv6 literals in brackets or standing alone) and
 * each whole token is compared: addresses in canonical form (so {@code 2001:DB8:0::1} is
 * {@code 2001:db8::1}, and {@code ::ffff:10.0.0.1} is {@code 10.0.0.1}), names by label suffix.
 * No lookup ever happens: addresses are parsed by threat-feeds' {@code IpLiteral}, which never
 * hands text to a resolver.
 * Immutable and thread-safe.
 */
public final class InsideNames {

    private static final Pattern NAME =
            Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** Longest IPv6 text: 8 groups with an embedded IPv4 tail. */
    private static final int MAX_IPV6_CHARS = 45;
    private static final int MAX_PORT_DIGITS = 5;
    /** RFC 1035: longer runs are no host name, and are not compared (text is scanned in linear time). */
    private static final int MAX_NAME_CHARS = 253;
    /** Rounds of percent-decoding appearsIn tries: %252E is %2E is '.'. */
    private static final int DECODE_ROUNDS = 3;

    private final Set<String> addresses = new HashSet<>();
    private final Set<String> names = new HashSet<>();

    /** @throws IllegalArgumentException naming the first entry that is neither an IP literal nor a host name */
    public InsideNames(Collection<String> names) {
        for (String raw : names) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String entry = raw.strip();
            String unbracketed = entry.startsWith("[") && entry.endsWith("]") && entry.length() > 2
                    ? entry.substring(1, entry.length() - 1) : entry;
            Optional<String> address = canonicalAddress(unbracketed);
            if (address.isPresent()) {
                addresses.add(address.get());
                continue;
            }
            String name = stripTrailingDot(entry.toLowerCase(Locale.ROOT));
            if (!NAME.matcher(name).matches() || isNumeric(lastLabel(name)) || name.length() > MAX_NAME_CHARS) {
                throw new IllegalArgumentException(
                        "inside name: " + raw + " (expected: an IPv4 or IPv6 address or a host name)");
            }
            this.names.add(name);
        }
    }

    /** Whether {@code host} (with or without brackets and :port) is inside. */
    public boolean isInside(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0 || !isPortOrNothing(h, close + 1)) {
                return false;
            }
            return canonicalIpv6(h.substring(1, close)).map(addresses::contains).orElse(false);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) >= 0) {
            return canonicalIpv6(h).map(addresses::contains).orElse(false);
        }
        if (colon >= 0) {
            if (!isPortOrNothing(h, colon)) {
                return false;
            }
            h = h.substring(0, colon);
        }
        return isInsideToken(h);
    }

    /** {@code text} with every inside host token (with its :port, if any) replaced by {@code replacement}. */
    public String scrub(String text, String replacement) {
        if (text == null || text.isEmpty() || isEmpty()) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        int[] match;
        while ((match = nextMatch(text, from)) != null) {
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, match[0]).append(replacement);
            copied = match[1];
            from = match[1];
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Whether any inside name appears in {@code text}, plainly or percent-encoded. */
    public boolean appearsIn(String text) {
        if (text == null || text.isEmpty() || isEmpty()) {
            return false;
        }
        String current = text;
        for (int round = 0; round <= DECODE_ROUNDS; round++) {
            if (nextMatch(current, 0) != null) {
                return true;
            }
            String decoded = percentDecode(current);
            if (decoded.equals(current)) {
                return false;
            }
            current = decoded;
        }
        return false;
    }

    /** No name is inside: nothing to find or replace, in any text. */
    public boolean isEmpty() {
        return addresses.isEmpty() && names.isEmpty();
    }

    /** {start, end} of the next inside token at or after {@code from} (with its :port), or null. */
    private int[] nextMatch(String text, int from) {
        int length = text.length();
        int i = from;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '[') {
                int close = bracketedEnd(text, i);
                if (close > 0 && canonicalIpv6(text.substring(i + 1, close)).map(addresses::contains).orElse(false)) {
                    return new int[] {i, portEnd(text, close + 1)};
                }
                i++;
            } else if (isNameChar(c)) {
                // i starts a run: either text starts here, or the char before is not a name char.
                int nameEnd = runEnd(text, i, InsideNames::isNameChar);
                int ipv6End = ipv6RunEnd(text, i);
                if (ipv6End > nameEnd && isDelimitedIpv6(text, i, ipv6End)) {
                    return new int[] {i, ipv6End};
                }
                int start = i;
                int end = nameEnd;
                while (start < end && (text.charAt(start) == '.' || text.charAt(start) == '-')) {
                    start++;
                }
                while (end > start && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
                    end--;
                }
                if (start < end && isInsideToken(text.substring(start, end))) {
                    return new int[] {start, end == nameEnd ? portEnd(text, end) : end};
                }
                i = nameEnd;
            } else if (c == ':' && (i == 0 || !isNameChar(text.charAt(i - 1)) && text.charAt(i - 1) != ':')) {
                int ipv6End = ipv6RunEnd(text, i);
                if (isDelimitedIpv6(text, i, ipv6End)) {
                    return new int[] {i, ipv6End};
                }
                i = ipv6End;
            } else {
                i++;
            }
        }
        return null;
    }

    /** An unbracketed IPv6 literal from start to end that no name char continues, and inside. */
    private boolean isDelimitedIpv6(String text, int start, int end) {
        if (end < text.length() && (isNameChar(text.charAt(end)) || text.charAt(end) == ':')) {
            return false;
        }
        return canonicalIpv6(text.substring(start, end)).map(addresses::contains).orElse(false);
    }

    private boolean isInsideToken(String token) {
        if (token.length() > MAX_NAME_CHARS + 1) {
            return false;
        }
        String lower = stripTrailingDot(token.toLowerCase(Locale.ROOT));
        if (IpLiteral.parseIpv4(lower).isPresent()) {
            return addresses.contains(lower);
        }
        if (names.isEmpty()) {
            return false;
        }
        // The name itself, then each parent domain: a.pbx.example, pbx.example, example.
        for (int dot = -1; dot < lower.length(); dot = lower.indexOf('.', dot + 1)) {
            if (names.contains(lower.substring(dot + 1))) {
                return true;
            }
            if (lower.indexOf('.', dot + 1) < 0) {
                break;
            }
        }
        return false;
    }

    /** The index of the ']' closing a bracketed IPv6 literal at {@code open}, or -1. */
    private static int bracketedEnd(String text, int open) {
        int end = ipv6RunEnd(text, open + 1);
        return end < text.length() && text.charAt(end) == ']' && end - open - 1 <= MAX_IPV6_CHARS ? end : -1;
    }

    /** After {@code at}: the end of a directly following ":digits", else {@code at}. */
    private static int portEnd(String text, int at) {
        if (at >= text.length() || text.charAt(at) != ':') {
            return at;
        }
        int end = at + 1;
        while (end < text.length() && end - at - 1 < MAX_PORT_DIGITS && isDigit(text.charAt(end))) {
            end++;
        }
        if (end == at + 1 || end < text.length() && isNameChar(text.charAt(end))) {
            return at;
        }
        return end;
    }

    private static boolean isPortOrNothing(String text, int at) {
        if (at == text.length()) {
            return true;
        }
        if (text.charAt(at) != ':' || at + 1 == text.length() || text.length() - at - 1 > MAX_PORT_DIGITS) {
            return false;
        }
        for (int i = at + 1; i < text.length(); i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> canonicalAddress(String text) {
        return IpLiteral.parse(text).map(InetAddress::getHostAddress);
    }

    /**
     * The canonical text of an IPv6 literal (an IPv4-mapped one becomes its IPv4 address), or
     * empty: the JDK's text of an address built from bytes, so lower case, no zone.
     */
    private static Optional<String> canonicalIpv6(String text) {
        return IpLiteral.parseIpv6(text).map(InetAddress::getHostAddress);
    }

    /** %XX escapes of ASCII characters decoded; anything else (invalid escapes too) kept as is. */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0 && hi < 8) {
                    out.append((char) (hi * 16 + lo));
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * The end of a run of IPv6 characters from {@code from}, looking at most one character past
     * the longest literal: a longer run is no literal, and the cap keeps the scan linear when
     * such runs overlap ("1:1:1:...").
     */
    private static int ipv6RunEnd(String text, int from) {
        int limit = Math.min(text.length(), from + MAX_IPV6_CHARS + 1);
        int end = from;
        while (end < limit && isIpv6Char(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static int runEnd(String text, int from, CharTest test) {
        int end = from;
        while (end < text.length() && test.accepts(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '.' || c == '-';
    }

    private static boolean isIpv6Char(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String stripTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static String lastLabel(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static boolean isNumeric(String label) {
        return !label.isEmpty() && label.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    @FunctionalInterface
    private interface CharTest {
        boolean accepts(char c);
    }
}

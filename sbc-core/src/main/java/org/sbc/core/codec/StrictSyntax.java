package org.sbc.core.codec;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.sbc.core.sip.MalformedMessage.Problem;
import org.sbc.feeds.IpLiteral;

/**
 * RFC 3261 grammar that JAIN-SIP's parser forgives, checked on the raw header block of a request
 * it accepted. JAIN-SIP keeps one of two Call-IDs, brackets a bare IPv6 host, trims the spaces
 * inside {@code < >} and takes {@code Bell, Alexander} as a display name; what we would relay is
 * then not what was sent, and each RFC 4475/5118 message below must be refused with 400:
 *
 * <ul>
 *   <li>{@link Problem#DUPLICATE_HEADER}: Call-ID, From, To, CSeq or Max-Forwards more than once
 *       (RFC 4475 §3.3.8 multi01; RFC 3261 §7.3.1 allows repetition only for list headers).
 *   <li>{@link Problem#BAD_REQUEST_URI}: a SIP or SIPS Request-URI with headers (§3.1.2.11
 *       escruri; RFC 3261 §19.1.1 table 1), with an IPv6 host not in brackets (RFC 5118 §4.2
 *       ipv6-bad) or with a bracketed IPv6 reference that is not an IPv6 address (RFC 5118 §4.10, RFC 5954).
 *   <li>{@link Problem#MALFORMED_ADDRESS}: in From, To or Contact, a URI with headers or a comma
 *       outside angle brackets (§3.1.2.13 regbadct; RFC 3261 §20.10), whitespace just inside the
 *       brackets (§3.1.2.14 badaspec), an unquoted display name with a character that is not a
 *       token character (§3.1.2.15 baddn).
 * </ul>
 *
 * <p>Work is one pass over the start line and these few header lines, which the scanner has
 * already bounded. Octets above 0x7F in an unquoted display name are let through (RFC 3261
 * wants them quoted, but phones send names such as {@code Jürgen} bare and nothing depends on it).
 */
final class StrictSyntax {

    /** The headers checked here, with their full and compact names in lower case. */
    private enum Name {
        CALL_ID("call-id", "i"), FROM("from", "f"), TO("to", "t"), CSEQ("cseq"), MAX_FORWARDS("max-forwards"),
        CONTACT("contact", "m");

        private final byte[][] spellings;

        Name(String... spellings) {
            this.spellings = java.util.Arrays.stream(spellings).map(StrictSyntax::ascii).toArray(byte[][]::new);
        }
    }

    private StrictSyntax() {}

    /** The first problem in a request's header block, found on the lines {@code scan} indexed, or null. */
    static Problem check(byte[] bytes, HeaderBlockScan scan) {
        if (scan.lines() == 0) {
            return null;
        }
        int from = scan.start();
        Problem problem = checkRequestUri(new String(bytes, from, scan.lineEnd(0) - from, StandardCharsets.UTF_8));
        if (problem != null) {
            return problem;
        }
        int[] seen = new int[CHECKED.length];
        int k = 1;
        while (k < scan.lines()) {
            int at = scan.lineStart(k);
            int end = scan.lineEnd(k);
            // Folded continuation lines belong to this header.
            while (k + 1 < scan.lines() && (bytes[end + 2] == ' ' || bytes[end + 2] == '\t')) {
                k++;
                end = scan.lineEnd(k);
            }
            k++;
            int colon = indexOf(bytes, ':', at, end);
            Name name = colon < 0 ? null : nameOf(bytes, at, colon);
            if (name != null) {
                if (name != Name.CONTACT && ++seen[name.ordinal()] > 1) {
                    return Problem.DUPLICATE_HEADER;
                }
                if (name == Name.FROM || name == Name.TO || name == Name.CONTACT) {
                    String value = new String(bytes, colon + 1, end - colon - 1, StandardCharsets.UTF_8)
                            .replace("\r\n", "");
                    if (!addressesWellFormed(value, name == Name.CONTACT)) {
                        return Problem.MALFORMED_ADDRESS;
                    }
                }
            }
        }
        return null;
    }

    /** The start line {@code METHOD SP Request-URI SP SIP/2.0}, as the scanner let it through. */
    private static Problem checkRequestUri(String startLine) {
        String[] parts = startLine.split(" ");
        if (parts.length != 3) {
            return null; // JAIN-SIP judged it; nothing more to say here
        }
        String uri = parts[1];
        String lower = uri.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("sip:") && !lower.startsWith("sips:")) {
            return null;
        }
        if (uri.indexOf('?') >= 0) {
            return Problem.BAD_REQUEST_URI;
        }
        return hostPortWellFormed(uri.substring(uri.indexOf(':') + 1)) ? null : Problem.BAD_REQUEST_URI;
    }

    /** {@code [userinfo@]hostport[;params]}: an IPv6 host only in brackets, and a real address there. */
    private static boolean hostPortWellFormed(String rest) {
        int at = rest.lastIndexOf('@');
        String hostPort = rest.substring(at + 1);
        int semicolon = hostPort.indexOf(';');
        if (semicolon >= 0) {
            hostPort = hostPort.substring(0, semicolon);
        }
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            String literal = close < 0 ? "" : hostPort.substring(1, close);
            return literal.indexOf(':') >= 0 && IpLiteral.parse(literal).isPresent();
        }
        // hostname / IPv4address [":" port]: one colon at most.
        return hostPort.indexOf(':') == hostPort.lastIndexOf(':');
    }

    /** One From or To value, or a Contact list. */
    private static boolean addressesWellFormed(String value, boolean list) {
        if (!list) {
            return addressWellFormed(value.strip());
        }
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                if (!addressWellFormed(value.substring(start, i).strip())) {
                    return false;
                }
                start = i + 1;
            }
        }
        return addressWellFormed(value.substring(start).strip());
    }

    /** {@code name-addr / addr-spec} followed by parameters (RFC 3261 §20.10, §25.1). */
    private static boolean addressWellFormed(String value) {
        if (value.equals("*")) {
            return true;
        }
        int i = 0;
        boolean displayQuoted = false;
        if (value.startsWith("\"")) {
            displayQuoted = true;
            i = 1;
            while (i < value.length() && value.charAt(i) != '"') {
                i += value.charAt(i) == '\\' ? 2 : 1;
            }
            i++;
        }
        int open = value.indexOf('<', Math.min(i, value.length()));
        if (open < 0) {
            if (displayQuoted) {
                return false;
            }
            // addr-spec: the URI runs to the first ';' (its parameters are the header's). A '?'
            // or ',' in it would need the brackets.
            int semicolon = value.indexOf(';');
            String uri = semicolon < 0 ? value : value.substring(0, semicolon);
            return uri.indexOf('?') < 0 && uri.indexOf(',') < 0;
        }
        if (!displayQuoted) {
            for (int k = 0; k < open; k++) {
                char c = value.charAt(k);
                if (!(isTokenChar(c) || c == ' ' || c == '\t' || c > 0x7f)) {
                    return false;
                }
            }
        }
        int close = value.indexOf('>', open);
        if (close < 0 || close == open + 1) {
            return false;
        }
        return !isSpace(value.charAt(open + 1)) && !isSpace(value.charAt(close - 1));
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-.!%*_+`'~".indexOf(c) >= 0;
    }

    private static final Name[] CHECKED = Name.values();

    /** Compared on the bytes, case-insensitively: every header line of every request passes here. */
    private static Name nameOf(byte[] b, int start, int colon) {
        int end = colon;
        while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        for (Name name : CHECKED) {
            for (byte[] spelling : name.spellings) {
                if (equalsIgnoreCase(b, start, end, spelling)) {
                    return name;
                }
            }
        }
        return null;
    }

    private static boolean equalsIgnoreCase(byte[] b, int start, int end, byte[] lowerCase) {
        if (end - start != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < lowerCase.length; i++) {
            byte c = b[start + i];
            if ((c >= 'A' && c <= 'Z' ? c | 0x20 : c) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] b, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}

package org.sbc.core.codec;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How to answer a malformed request that JAIN-SIP could not turn into one we can answer (its
 * Request-URI, From or To is what is broken), built from the raw header lines instead: RFC 4475
 * §3.1.2 wants such requests answered with 400, and a message is dropped silently only when it
 * cannot be answered.
 *
 * <p>A request is answerable this way when its start line has the shape of a request line (a
 * method token other than {@code ACK}, which is never answered, and a SIP version at its end) and its header block has Via, From, To, Call-ID and CSeq
 * lines (full or compact names). The answer is a status line with our own reason phrase, those
 * lines echoed byte for byte as received (every Via line, the first of each of the others, folded
 * continuations included) and {@code Content-Length: 0}; nothing else of the request is ever
 * echoed. What it echoes is part of a request already within the message size limit, so an answer
 * is never more than {@value #MAX_OVERHEAD} octets longer than the request it answers. A line to
 * echo that holds a control character or malformed UTF-8 makes the request unanswerable: we do
 * not send what we would refuse to receive.
 *
 * <p>Unlike a response built from a parsed request, the Via is not stamped with {@code received}
 * and {@code rport}, and the To gets no tag: both would mean rewriting a line we could not parse.
 */
public final class RawAnswer {

    /** Status line (reason phrases are ours, under 40 octets) and {@code Content-Length: 0}. */
    static final int MAX_OVERHEAD = 96;

    private static final int DEFAULT_SIP_PORT = 5060;
    private static final int MAX_METHOD_LENGTH = 32;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] SIP_SLASH = "SIP/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH_0 = "Content-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The headers an answer echoes, by their full and compact names in lower case. */
    private enum Name {
        VIA("via", "v"), FROM("from", "f"), TO("to", "t"), CALL_ID("call-id", "i"), CSEQ("cseq");

        private final String[] spellings;

        Name(String... spellings) {
            this.spellings = spellings;
        }
    }

    private final List<byte[]> lines;
    private final int viaPort;
    private final boolean rport;

    private RawAnswer(List<byte[]> lines, int viaPort, boolean rport) {
        this.lines = lines;
        this.viaPort = viaPort;
        this.rport = rport;
    }

    /**
     * Reads {@code bytes[from..headerEnd)}: a start line and header lines, each ending in CRLF,
     * the last one empty (as {@link HeaderBlockScanner} found them).
     */
    public static Optional<RawAnswer> of(byte[] bytes, int from, int headerEnd) {
        int firstEnd = lineEnd(bytes, from, headerEnd);
        if (firstEnd < 0 || !isRequestLine(bytes, from, firstEnd)) {
            return Optional.empty();
        }
        List<byte[]> vias = new ArrayList<>();
        byte[][] single = new byte[Name.values().length][];
        int at = firstEnd + 2;
        while (at < headerEnd) {
            int end = lineEnd(bytes, at, headerEnd);
            if (end < 0 || end == at) {
                break; // the blank line
            }
            // A header runs on over folded continuation lines (RFC 3261 §7.3.1).
            while (end + 2 < headerEnd && (bytes[end + 2] == ' ' || bytes[end + 2] == '\t')) {
                int next = lineEnd(bytes, end + 2, headerEnd);
                if (next < 0) {
                    break;
                }
                end = next;
            }
            Name name = nameOf(bytes, at, end);
            if (name == Name.VIA || (name != null && single[name.ordinal()] == null)) {
                byte[] line = copyIfClean(bytes, at, end);
                if (line == null) {
                    return Optional.empty();
                }
                if (name == Name.VIA) {
                    vias.add(line);
                } else {
                    single[name.ordinal()] = line;
                }
            }
            at = end + 2;
        }
        if (vias.isEmpty()) {
            return Optional.empty();
        }
        List<byte[]> lines = new ArrayList<>(vias);
        for (Name name : List.of(Name.FROM, Name.TO, Name.CALL_ID, Name.CSEQ)) {
            if (single[name.ordinal()] == null) {
                return Optional.empty();
            }
            lines.add(single[name.ordinal()]);
        }
        TopVia top = TopVia.read(vias.get(0));
        return Optional.of(new RawAnswer(List.copyOf(lines), top.port(), top.rport()));
    }

    /** The response, ready for the wire. */
    public byte[] response(int status, String reasonPhrase) {
        return response(status, reasonPhrase, null, null);
    }

    /**
     * The response with a tag appended to the echoed To line (RFC 3261 §8.2.6.2; only for a
     * request whose To holds no tag, as the caller has checked) and one more header line of ours,
     * such as a {@code Retry-After}.
     *
     * @param toTag a token of ours, or null for none
     * @param extraHeader a whole header line without its CRLF, of ours, or null for none
     */
    public byte[] response(int status, String reasonPhrase, String toTag, String extraHeader) {
        int size = MAX_OVERHEAD + (toTag == null ? 0 : toTag.length() + 5)
                + (extraHeader == null ? 0 : extraHeader.length() + 2);
        for (byte[] line : lines) {
            size += line.length + 2;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size); // sized once: no copies as it grows
        out.writeBytes(("SIP/2.0 " + status + " " + reasonPhrase).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(CRLF);
        int toLine = lines.size() - 3; // Vias, From, To, Call-ID, CSeq
        for (int i = 0; i < lines.size(); i++) {
            out.writeBytes(lines.get(i));
            if (i == toLine && toTag != null) {
                out.writeBytes((";tag=" + toTag).getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes(CRLF);
        }
        if (extraHeader != null) {
            out.writeBytes(extraHeader.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(CRLF);
        }
        out.writeBytes(CONTENT_LENGTH_0);
        return out.toByteArray();
    }

    /**
     * A hash of the topmost Via, From and Call-ID lines as received: the same for a request and
     * its retransmissions, so that a tag derived from it answers both alike.
     */
    public int requestHash() {
        int toLine = lines.size() - 3;
        return 31 * (31 * Arrays.hashCode(lines.get(0)) + Arrays.hashCode(lines.get(toLine - 1)))
                + Arrays.hashCode(lines.get(toLine + 1));
    }

    /**
     * Where a response over UDP goes, by the rule {@code sip/ResponseSender} applies (RFC 3261
     * §18.2.2, RFC 3581 §4): the source address; the source port when the topmost Via asks for
     * {@code rport} or cannot be read, else its sent-by port, else 5060.
     */
    public InetSocketAddress udpDestination(InetSocketAddress source) {
        int port = rport || viaPort == TopVia.UNREADABLE ? source.getPort()
                : viaPort > 0 ? viaPort : DEFAULT_SIP_PORT;
        return new InetSocketAddress(source.getAddress(), port);
    }

    /** The topmost Via's sent-by port (0 when absent, {@link TopVia#UNREADABLE}) and whether it has rport. */
    record TopVia(int port, boolean rport) {

        static final int UNREADABLE = -1;

        /** Reads {@code Via: SIP/2.0/UDP host[:port][;params]}, lenient about LWS, strict about the sent-by. */
        static TopVia read(byte[] line) {
            Cursor c = new Cursor(line);
            c.skipTo(':');
            if (!c.take(':') || !c.word("SIP") || !c.slash() || !c.word("2.0") || !c.slash() || c.word() == 0) {
                return new TopVia(UNREADABLE, false);
            }
            c.lws();
            int port = 0;
            if (c.peek() == '[') {
                c.skipTo(']');
                if (!c.take(']')) {
                    return new TopVia(UNREADABLE, false);
                }
            } else if (c.hostname() == 0) {
                return new TopVia(UNREADABLE, false);
            }
            c.lws();
            if (c.take(':')) {
                c.lws();
                port = c.port();
                if (port <= 0) {
                    return new TopVia(UNREADABLE, false);
                }
            }
            boolean rport = false;
            // Parameters up to the next Via value: only whether one is named rport matters.
            while (true) {
                c.lws();
                if (!c.take(';')) {
                    break;
                }
                c.lws();
                int start = c.at;
                c.token();
                rport |= c.equalsIgnoreCase(start, "rport") && c.atParameterEnd();
                c.skipParameterValue();
            }
            return new TopVia(port, rport);
        }
    }

    private static final class Cursor {
        private final byte[] b;
        private int at;

        Cursor(byte[] b) {
            this.b = b;
        }

        int peek() {
            return at < b.length ? b[at] : -1;
        }

        boolean take(char expected) {
            if (peek() == expected) {
                at++;
                return true;
            }
            return false;
        }

        void skipTo(char stop) {
            while (at < b.length && b[at] != stop) {
                at++;
            }
        }

        /** Spaces, tabs and the CRLF of folded lines. */
        void lws() {
            while (at < b.length && (b[at] == ' ' || b[at] == '\t' || b[at] == '\r' || b[at] == '\n')) {
                at++;
            }
        }

        boolean word(String expected) {
            lws();
            int start = at;
            token();
            return equalsIgnoreCase(start, expected);
        }

        /** A token after optional LWS; its length. */
        int word() {
            lws();
            return token();
        }


        boolean slash() {
            lws();
            return take('/');
        }

        int token() {
            int start = at;
            while (at < b.length && isTokenChar(b[at])) {
                at++;
            }
            return at - start;
        }

        int hostname() {
            int start = at;
            while (at < b.length && (Character.isLetterOrDigit(b[at]) || b[at] == '.' || b[at] == '-' || b[at] == '_')) {
                at++;
            }
            return at - start;
        }

        int port() {
            int value = 0;
            int digits = 0;
            while (at < b.length && b[at] >= '0' && b[at] <= '9') {
                value = value * 10 + (b[at++] - '0');
                if (++digits > 5) {
                    return -1;
                }
            }
            return digits == 0 || value > 65_535 ? -1 : value;
        }

        boolean equalsIgnoreCase(int start, String expected) {
            if (at - start != expected.length()) {
                return false;
            }
            for (int k = 0; k < expected.length(); k++) {
                if (Character.toLowerCase((char) b[start + k]) != Character.toLowerCase(expected.charAt(k))) {
                    return false;
                }
            }
            return true;
        }

        boolean atParameterEnd() {
            int p = peek();
            return p == -1 || p == ';' || p == '=' || p == ',' || p == ' ' || p == '\t' || p == '\r';
        }

        void skipParameterValue() {
            while (at < b.length && b[at] != ';' && b[at] != ',') {
                at++;
            }
        }
    }

    /** RFC 3261 §25.1 {@code token}: the characters a method name may hold. */
    private static boolean isTokenChar(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-.!%*_+`'~".indexOf(c) >= 0;
    }

    /**
     * Whether the start line reads {@code Method SP Request-URI SP SIP/...}: a method token (not
     * ACK), something where the Request-URI goes (broken, perhaps, or holding spaces), and a SIP
     * version after the last space. A line of anything else is not a request we could answer.
     */
    private static boolean isRequestLine(byte[] b, int from, int end) {
        int i = from;
        while (i < end && i - from <= MAX_METHOD_LENGTH && isTokenChar(b[i])) {
            i++;
        }
        int length = i - from;
        if (length == 0 || length > MAX_METHOD_LENGTH || i >= end || b[i] != ' ') {
            return false;
        }
        int lastSpace = end - 1;
        while (lastSpace > i && b[lastSpace] != ' ') {
            lastSpace--;
        }
        if (lastSpace <= i + 1 || end - lastSpace - 1 <= SIP_SLASH.length
                || !Arrays.equals(b, lastSpace + 1, lastSpace + 1 + SIP_SLASH.length, SIP_SLASH, 0, SIP_SLASH.length)) {
            return false;
        }
        boolean ack = length == 3 && b[from] == 'A' && b[from + 1] == 'C' && b[from + 2] == 'K';
        return !ack;
    }

    /** The index of the CR that ends the line starting at {@code from}, or -1. */
    private static int lineEnd(byte[] b, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Name nameOf(byte[] b, int start, int end) {
        int colon = start;
        while (colon < end && b[colon] != ':') {
            colon++;
        }
        int nameEnd = colon;
        while (nameEnd > start && (b[nameEnd - 1] == ' ' || b[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        if (colon == end) {
            return null;
        }
        // Compared in place, without a String per line: this runs for every refused flood INVITE.
        for (Name name : Name.values()) {
            for (String spelling : name.spellings) {
                if (equalsIgnoreCase(b, start, nameEnd, spelling)) {
                    return name;
                }
            }
        }
        return null;
    }

    private static boolean equalsIgnoreCase(byte[] b, int start, int end, String expected) {
        if (end - start != expected.length()) {
            return false;
        }
        for (int k = 0; k < expected.length(); k++) {
            if ((b[start + k] | 0x20) != expected.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The header's bytes, or null when it holds a control character or malformed UTF-8. */
    private static byte[] copyIfClean(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c == '\r' && i + 2 < end && b[i + 1] == '\n' && (b[i + 2] == ' ' || b[i + 2] == '\t')) {
                i++; // a fold
            } else if (c < 0) {
                int length = HeaderBlockScanner.utf8SequenceLength(b, i, end);
                if (length < 0) {
                    return null;
                }
                i += length - 1;
            } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return null;
            }
        }
        return Arrays.copyOfRange(b, start, end);
    }
}

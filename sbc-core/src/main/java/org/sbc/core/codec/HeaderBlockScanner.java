package org.sbc.core.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.sbc.core.config.Limits;
import org.sbc.core.sip.MalformedMessage.Problem;

/**
 * A single pass over a message's start line and headers that enforces the configured limits
 * before JAIN-SIP parses anything: JAIN-SIP's parser is not hardened (unterminated input makes it
 * throw unchecked exceptions, and its work grows with line length and header count), so it only
 * ever sees a header block that this scanner has bounded and terminated.
 *
 * <p>It also finds Content-Length (full or compact form), which stream framing needs and which
 * the parsed message model cannot report as missing, and records where each line ends: the
 * Call-ID read that picks a frame's loop, the strict syntax checks and the parse walk that index
 * instead of searching the bytes for line ends again.
 */
public final class HeaderBlockScanner {

    private final int maxHeaders;
    private final int maxLineBytes;

    public HeaderBlockScanner(Limits limits) {
        this.maxHeaders = limits.maxHeaders();
        this.maxLineBytes = limits.maxLineBytes();
    }

    /** Scans a whole message, from its start line on (CRLFs before it are skipped, RFC 3261 §7.5). */
    public HeaderBlockScan scan(byte[] bytes) {
        return scan(bytes, messageStart(bytes), bytes.length);
    }

    /** Where the start line begins: after the CRLFs a sender may put before a message. */
    public static int messageStart(byte[] bytes) {
        int start = 0;
        while (start < bytes.length && (bytes[start] == '\r' || bytes[start] == '\n')) {
            start++;
        }
        return start;
    }

    /** Scans {@code bytes[from..to)}, which must start at the start line (leading CRLFs skipped). */
    public HeaderBlockScan scan(byte[] bytes, int from, int to) {
        int lineStart = from;
        int lines = 0;
        // Grows by doubling; no more lines than CRLFs in the frame, which the frame limit bounds.
        int[] lineEnds = new int[16];
        int contentLength = HeaderBlockScan.ABSENT;
        boolean previousWasContentLength = false;
        Problem problem = null;
        for (int i = from; i < to; i++) {
            while (i + Long.BYTES <= to && allPrintable((long) OCTETS.get(bytes, i))) {
                i += Long.BYTES; // most of every line: eight octets a test instead of one
            }
            if (i == to) {
                break;
            }
            byte b = bytes[i];
            if (b >= 0x20 && b != 0x7f) {
                continue; // printable ASCII: one test instead of four
            }
            if (b == '\n') {
                if (i == from || bytes[i - 1] != '\r') {
                    // A bare LF would let two parsers disagree on where a header ends.
                    return new HeaderBlockScan(Problem.UNPARSEABLE, from, -1, contentLength, lineEnds, lines);
                }
                int lineEnd = i - 1;
                if (lineEnd == lineStart) {
                    return new HeaderBlockScan(problem, from, i + 1, contentLength, lineEnds, lines);
                }
                if (lines == lineEnds.length) {
                    lineEnds = Arrays.copyOf(lineEnds, lines * 2);
                }
                lineEnds[lines] = lineEnd;
                if (lineEnd - lineStart > maxLineBytes && problem == null) {
                    problem = Problem.LINE_TOO_LONG;
                }
                if (++lines > maxHeaders + 1 && problem == null) {
                    problem = Problem.TOO_MANY_HEADERS;
                }
                if (lines == 1) {
                    if (!isSip20StartLine(bytes, lineStart, lineEnd) && problem == null) {
                        // Trailing whitespace breaks the grammar, not the version (RFC 4475 trws).
                        byte last = bytes[lineEnd - 1];
                        problem = last == ' ' || last == '\t' ? Problem.UNPARSEABLE : Problem.VERSION_NOT_SUPPORTED;
                    }
                } else {
                    boolean folded = bytes[lineStart] == ' ' || bytes[lineStart] == '\t';
                    if (!folded && problem == null && !hasColon(bytes, lineStart, lineEnd)) {
                        problem = Problem.HEADER_WITHOUT_COLON;
                    }
                    int declared = folded ? NOT_CONTENT_LENGTH : contentLengthOf(bytes, lineStart, lineEnd);
                    // A second, different length, or a length continued on a folded line that
                    // the SIP parser joins and we would not: both make two readers disagree on
                    // where the message ends, which is how one message smuggles another.
                    if (declared == BAD || (folded && previousWasContentLength)
                            || (declared >= 0 && contentLength >= 0 && declared != contentLength)) {
                        return new HeaderBlockScan(Problem.BAD_CONTENT_LENGTH, from, -1, contentLength, lineEnds, lines);
                    }
                    if (declared >= 0) {
                        contentLength = declared;
                    }
                    previousWasContentLength = declared >= 0 || (folded && previousWasContentLength);
                }
                lineStart = i + 1;
            } else if (b == '\r') {
                if (i + 1 < to && bytes[i + 1] != '\n') {
                    return new HeaderBlockScan(Problem.UNPARSEABLE, from, -1, contentLength, lineEnds, lines);
                }
            } else if (b < 0) {
                // Octets above 0x7F are UTF-8 (RFC 3261 §25.1 UTF8-NONASCII, RFC 3629): legal in
                // display names, quoted strings, reason phrases and header values.
                int length = utf8SequenceLength(bytes, i, to);
                if (length < 0) {
                    if (problem == null) {
                        problem = Problem.INVALID_UTF8;
                    }
                } else {
                    i += length - 1;
                }
            } else if ((b < 0x20 && b != '\t') || b == 0x7f) {
                if (problem == null) {
                    problem = Problem.CONTROL_CHARACTER;
                }
            }
        }
        return new HeaderBlockScan(Problem.NO_HEADER_END, from, -1, contentLength, lineEnds, lines);
    }

    /** Eight octets of a byte array read as one long (the order does not matter to {@link #allPrintable}). */
    private static final VarHandle OCTETS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EACH_0X01 = 0x0101010101010101L;
    private static final long EACH_0X20 = 0x2020202020202020L;
    private static final long EACH_0X7F = 0x7f7f7f7f7f7f7f7fL;
    private static final long EACH_0X80 = 0x8080808080808080L;

    /**
     * Whether each of the eight octets of {@code word} is printable ASCII (0x20 to 0x7E): none
     * has its top bit set, none is below 0x20 (with no top bit set, subtracting 0x20 from each
     * octet borrows into an octet's top bit exactly when one is below 0x20), and none equals 0x7F
     * (an octet of {@code word ^ 0x7F..} is zero, found the same way). Exact: a word with any
     * other octet answers false, and the scan then reads its octets one by one.
     */
    static boolean allPrintable(long word) {
        long del = word ^ EACH_0X7F;
        return ((word | ((word - EACH_0X20) & ~word) | ((del - EACH_0X01) & ~del)) & EACH_0X80) == 0;
    }

    /**
     * The length of the well-formed UTF-8 sequence (RFC 3629 §4) that starts at {@code at}, or -1.
     * Overlong forms, surrogates, code points above U+10FFFF, stray continuation octets and
     * sequences cut short are refused: JAIN-SIP decodes header text as UTF-8 and would turn any of
     * them into U+FFFD, so what we relay would differ from what we judged (and an overlong form is
     * the classic way to slip a character past a filter).
     */
    static int utf8SequenceLength(byte[] b, int at, int to) {
        int lead = b[at] & 0xff;
        int length;
        int min2 = 0x80;
        int max2 = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            if (lead == 0xe0) {
                min2 = 0xa0; // overlong
            } else if (lead == 0xed) {
                max2 = 0x9f; // UTF-16 surrogates
            }
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            if (lead == 0xf0) {
                min2 = 0x90; // overlong
            } else if (lead == 0xf4) {
                max2 = 0x8f; // above U+10FFFF
            }
        } else {
            return -1; // a continuation octet, an overlong lead (C0, C1) or F5..FF
        }
        if (at + length > to) {
            return -1;
        }
        int second = b[at + 1] & 0xff;
        if (second < min2 || second > max2) {
            return -1;
        }
        for (int k = 2; k < length; k++) {
            int next = b[at + k] & 0xff;
            if (next < 0x80 || next > 0xbf) {
                return -1;
            }
        }
        return length;
    }

    private static boolean hasColon(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] == ':') {
                return true;
            }
        }
        return false;
    }

    private static final byte[] SIP_20 = "SIP/2.0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * A response starts with {@code SIP/2.0 }, a request ends with {@code  SIP/2.0}. Checked on
     * the raw bytes because JAIN-SIP rewrites any version it parses to SIP/2.0.
     */
    static boolean isSip20StartLine(byte[] b, int start, int end) {
        int n = SIP_20.length;
        if (end - start > n && regionEquals(b, start, SIP_20) && b[start + n] == ' ') {
            return true;
        }
        return end - start > n && regionEquals(b, end - n, SIP_20) && b[end - n - 1] == ' ';
    }

    private static boolean regionEquals(byte[] b, int at, byte[] expected) {
        for (int k = 0; k < expected.length; k++) {
            if (b[at + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    private static final int NOT_CONTENT_LENGTH = -2;
    private static final int BAD = -3;
    private static final byte[] LONG_NAME = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The value of a Content-Length header line, or NOT_CONTENT_LENGTH, or BAD. */
    static int contentLengthOf(byte[] b, int start, int end) {
        int nameEnd = start;
        while (nameEnd < end && b[nameEnd] != ':' && b[nameEnd] != ' ' && b[nameEnd] != '\t') {
            nameEnd++;
        }
        if (!isContentLengthName(b, start, nameEnd)) {
            return NOT_CONTENT_LENGTH;
        }
        int i = nameEnd;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i == end || b[i] != ':') {
            return BAD;
        }
        i++;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            value = value * 10 + (b[i] - '0');
            if (++digits > 9) {
                return BAD;
            }
            i++;
        }
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return digits == 0 || i != end ? BAD : (int) value;
    }

    private static boolean isContentLengthName(byte[] b, int start, int end) {
        int length = end - start;
        if (length == 1) {
            return (b[start] | 0x20) == 'l';
        }
        if (length != LONG_NAME.length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            byte c = b[start + k];
            byte lower = c >= 'A' && c <= 'Z' ? (byte) (c | 0x20) : c;
            if (lower != LONG_NAME[k]) {
                return false;
            }
        }
        return true;
    }
}

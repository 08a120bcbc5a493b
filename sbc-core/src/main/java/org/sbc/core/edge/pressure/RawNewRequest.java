package org.sbc.core.edge.pressure;

import org.sbc.core.codec.HeaderBlockScanner;

/**
 * What {@link PreParseShedding} reads of a frame without parsing it: whether it is a new request
 * the B2BUA would count as new work (an {@code INVITE}, {@code SUBSCRIBE} or {@code REGISTER}
 * whose To lines hold no tag), and where its header block ends.
 *
 * <p>Conservative by construction: anything it cannot read plainly (no blank line ending the
 * header block, a method other than those three, any To line holding {@code tag} in any case,
 * even inside a URI) is "not a new request", and the frame goes to the parse as before.
 *
 * @param start the offset of the start line (after leading CR/LF, which the decoder also skips)
 * @param headerEnd the offset just past the blank line that ends the header block
 * @param opensDialog an INVITE or SUBSCRIBE (counted against the new-dialog rate)
 */
record RawNewRequest(int start, int headerEnd, boolean opensDialog) {

    private static final byte[] INVITE = {'I', 'N', 'V', 'I', 'T', 'E', ' '};
    private static final byte[] SUBSCRIBE = {'S', 'U', 'B', 'S', 'C', 'R', 'I', 'B', 'E', ' '};
    private static final byte[] REGISTER = {'R', 'E', 'G', 'I', 'S', 'T', 'E', 'R', ' '};

    /** The new request in {@code bytes}, or null when it is none or cannot be read plainly. */
    static RawNewRequest read(byte[] bytes) {
        int start = HeaderBlockScanner.messageStart(bytes);
        boolean opensDialog;
        if (startsWith(bytes, start, INVITE) || startsWith(bytes, start, SUBSCRIBE)) {
            opensDialog = true;
        } else if (startsWith(bytes, start, REGISTER)) {
            opensDialog = false;
        } else {
            return null;
        }
        int lineStart = start;
        while (true) {
            int end = lineEnd(bytes, lineStart);
            if (end < 0) {
                return null; // no complete header block
            }
            if (end == lineStart) {
                return new RawNewRequest(start, end + 2, opensDialog);
            }
            if (lineStart != start && isTo(bytes, lineStart, end) && holdsTag(bytes, lineStart, bytes.length)) {
                return null;
            }
            lineStart = end + 2;
        }
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b.length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The index of the CR of the CRLF ending the line at {@code from}, or -1. */
    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Whether the line is a To header ({@code To} or {@code t}, any case, optional blanks before the colon). */
    private static boolean isTo(byte[] b, int from, int end) {
        int i = from;
        if (i < end && (b[i] == 't' || b[i] == 'T')) {
            i++;
            if (i < end && (b[i] == 'o' || b[i] == 'O')) {
                i++;
            }
        } else {
            return false;
        }
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i < end && b[i] == ':';
    }

    /**
     * Whether the header starting at {@code from} (folded continuation lines included) holds
     * {@code tag} in any case anywhere: a request inside a dialog, or one we leave to the parse.
     */
    private static boolean holdsTag(byte[] b, int from, int limit) {
        for (int i = from; i + 2 < limit; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] != ' ' && b[i + 2] != '\t') {
                return false;
            }
            if ((b[i] | 0x20) == 't' && (b[i + 1] | 0x20) == 'a' && (b[i + 2] | 0x20) == 'g') {
                return true;
            }
        }
        return false;
    }
}

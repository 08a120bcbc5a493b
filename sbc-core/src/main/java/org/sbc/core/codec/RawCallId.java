package org.sbc.core.codec;

import java.nio.charset.StandardCharsets;

/**
 * The Call-ID of a framed message read from its bytes, before any parse: enough to tell which
 * event loop owns the call, so that the parse itself runs there ({@code transport/ShardDispatch}).
 *
 * <p>Conservative by construction: when the header block cannot be read plainly (no blank line
 * ending it, no Call-ID line or more than one, a folded Call-ID, an empty value), there is no
 * answer and the message is parsed where it arrived, as before. The value is what the parser
 * reads too: the text after the colon without the blanks around it, as UTF-8.
 */
public final class RawCallId {

    private RawCallId() {
    }

    /** The Call-ID value, or null when it cannot be read plainly; {@code scan} is of {@code bytes}. */
    public static String of(byte[] bytes, HeaderBlockScan scan) {
        if (scan.headerEnd() < 0) {
            return null; // the header block does not end
        }
        String callId = null;
        for (int k = 1; k < scan.lines(); k++) {
            int lineStart = scan.lineStart(k);
            int end = scan.lineEnd(k);
            int valueStart = callIdValueStart(bytes, lineStart, end);
            if (valueStart >= 0) {
                boolean folded = k + 1 < scan.lines() && (bytes[end + 2] == ' ' || bytes[end + 2] == '\t');
                if (callId != null || folded) {
                    return null;
                }
                callId = trimmed(bytes, valueStart, end);
                if (callId == null) {
                    return null;
                }
            }
        }
        return callId;
    }

    /** Where the value starts when the line is a Call-ID header ({@code Call-ID} or {@code i}, any case), else -1. */
    private static int callIdValueStart(byte[] b, int from, int end) {
        int nameEnd = from;
        while (nameEnd < end && b[nameEnd] != ':' && b[nameEnd] != ' ' && b[nameEnd] != '\t') {
            nameEnd++;
        }
        if (!isCallIdName(b, from, nameEnd)) {
            return -1;
        }
        int i = nameEnd;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i < end && b[i] == ':' ? i + 1 : -1;
    }

    private static final byte[] LONG_NAME = "call-id".getBytes(StandardCharsets.US_ASCII);

    private static boolean isCallIdName(byte[] b, int from, int to) {
        int length = to - from;
        if (length == 1) {
            return (b[from] | 0x20) == 'i';
        }
        if (length != LONG_NAME.length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if ((b[from + k] | 0x20) != LONG_NAME[k]) {
                return false;
            }
        }
        return true;
    }

    private static String trimmed(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return from == to ? null : new String(b, from, to - from, StandardCharsets.UTF_8);
    }
}

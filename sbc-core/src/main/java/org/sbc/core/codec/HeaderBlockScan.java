package org.sbc.core.codec;

import org.sbc.core.sip.MalformedMessage.Problem;

/**
 * What {@link HeaderBlockScanner} learnt about one message's start line and headers.
 *
 * @param problem the first limit or framing rule broken, or {@code null} when none was
 * @param headerEnd index just past the blank line that ends the headers; -1 when not found
 * @param contentLength the declared body length; {@link #ABSENT} when no header declares it
 */
public record HeaderBlockScan(Problem problem, int headerEnd, int contentLength) {

    public static final int ABSENT = -1;

    public boolean ok() {
        return problem == null;
    }

    public boolean hasContentLength() {
        return contentLength != ABSENT;
    }
}

package org.sbc.core.codec;

import org.sbc.core.sip.MalformedMessage.Problem;

/**
 * What {@link HeaderBlockScanner} learnt about one message's start line and headers, and where
 * each of its lines ends: the index the later readers of the same bytes (the Call-ID that picks
 * the loop, the strict syntax checks, the parse) walk instead of searching for line ends again.
 *
 * @param problem the first limit or framing rule broken, or {@code null} when none was
 * @param start where the start line begins (after any CRLFs that came before it)
 * @param headerEnd index just past the blank line that ends the headers; -1 when not found
 * @param contentLength the declared body length; {@link #ABSENT} when no header declares it
 * @param lineEnds the index of the CR ending each line, the start line first, the blank line not
 *     counted; only the first {@code lines} entries are used
 * @param lines how many lines {@code lineEnds} holds: all of them when {@code headerEnd >= 0}
 */
public record HeaderBlockScan(Problem problem, int start, int headerEnd, int contentLength, int[] lineEnds,
        int lines) {

    public static final int ABSENT = -1;

    public boolean ok() {
        return problem == null;
    }

    public boolean hasContentLength() {
        return contentLength != ABSENT;
    }

    /** Where line {@code k} begins (0: the start line); only for {@code k < lines}. */
    public int lineStart(int k) {
        return k == 0 ? start : lineEnds[k - 1] + 2;
    }

    /** Where line {@code k} ends: the index of its CR. */
    public int lineEnd(int k) {
        return lineEnds[k];
    }
}

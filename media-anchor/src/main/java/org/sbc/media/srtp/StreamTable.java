package org.sbc.media.srtp;

/**
 * The streams (SSRCs) of one context and their replay windows, bounded (RFC 3711 §3.2.1: separate
 * replay lists and indices per SSRC sharing a master key). A handful of SSRCs per call leg, so a
 * linear scan of an int array beats a hash map, allocates nothing, and boxes nothing; the last hit
 * is tried first since packets of one stream come in runs.
 */
final class StreamTable {

    private final int[] ssrcs;
    private final ReplayWindow[] windows;
    private final int windowSize;
    private int count;
    private int last = -1;

    StreamTable(SrtpLimits limits) {
        this.ssrcs = new int[limits.maxStreams()];
        this.windows = new ReplayWindow[limits.maxStreams()];
        this.windowSize = limits.replayWindow();
    }

    /** The window of {@code ssrc}; null when the stream is not known. */
    ReplayWindow find(int ssrc) {
        if (last >= 0 && ssrcs[last] == ssrc) {
            return windows[last];
        }
        for (int i = 0; i < count; i++) {
            if (ssrcs[i] == ssrc) {
                last = i;
                return windows[i];
            }
        }
        return null;
    }

    boolean isFull() {
        return count == ssrcs.length;
    }

    /** Adds a stream; the caller checked {@link #isFull()}. The only allocation: once per stream. */
    ReplayWindow add(int ssrc) {
        ReplayWindow window = new ReplayWindow(windowSize);
        ssrcs[count] = ssrc;
        windows[count] = window;
        last = count;
        count++;
        return window;
    }

    int size() {
        return count;
    }

    int capacity() {
        return ssrcs.length;
    }
}

package org.sbc.media.srtp;

/**
 * Bounds of the per-stream state an {@link SrtpContext} or {@link SrtcpContext} keeps.
 *
 * @param maxStreams SSRCs one context tracks (RFC 3711 §3.2.3: one cryptographic context per
 *     SSRC). A receiver adds a stream only after a packet of it authenticates (RFC 4568 §6.4.1), so
 *     only a key holder can fill the table; the bound still caps what a peer that sprays SSRCs
 *     can make a sender or receiver keep. Streams are never evicted: a stream that came back after
 *     eviction would restart its rollover counter at 0 and fail authentication from then on.
 * @param replayWindow packets of the sliding replay window (RFC 3711 §3.3.2: at least 64), a
 *     power of two. Larger windows accept more reordering (video bursts) at 1 bit per packet.
 */
public record SrtpLimits(int maxStreams, int replayWindow) {

    /** 32 streams (audio, video, their RTX and FEC streams, and SSRC changes on re-INVITE), 128 packets (as libSRTP). */
    public static final SrtpLimits DEFAULT = new SrtpLimits(32, 128);

    public static final int MAX_STREAMS = 1024;

    /** RFC 3711 §3.3.2. */
    public static final int MIN_REPLAY_WINDOW = 64;

    /**
     * Half the 16-bit sequence space: beyond it the index estimate of RFC 3711 Appendix A can no
     * longer tell an old packet from a new one.
     */
    public static final int MAX_REPLAY_WINDOW = 32768;

    public SrtpLimits {
        if (maxStreams < 1 || maxStreams > MAX_STREAMS) {
            throw new IllegalArgumentException("maxStreams: " + maxStreams + " (expected: 1.." + MAX_STREAMS + ")");
        }
        if (replayWindow < MIN_REPLAY_WINDOW || replayWindow > MAX_REPLAY_WINDOW || Integer.bitCount(replayWindow) != 1) {
            throw new IllegalArgumentException("replayWindow: " + replayWindow
                    + " (expected: a power of two in " + MIN_REPLAY_WINDOW + ".." + MAX_REPLAY_WINDOW + ")");
        }
    }

    public static SrtpLimits of(int maxStreams, int replayWindow) {
        return new SrtpLimits(maxStreams, replayWindow);
    }
}

package org.sbc.media.srtp;

/**
 * What protecting or unprotecting one packet came to. The per-packet path answers with a status,
 * never an exception: every value but {@link #OK} means "drop this packet", and the name is the
 * counter to increment (RFC 3711 §3.3, step 5: a replayed or unauthenticated packet is discarded
 * and the event SHOULD be logged, here counted).
 *
 * <p>After any status but {@code OK} the packet's bytes are unspecified (a failed GCM open may have
 * written into them) and its length is unchanged.
 */
public enum SrtpStatus {

    /** Protected or unprotected in place; the buffer's length is the new length. */
    OK,

    /**
     * Not an RTP or RTCP packet we can work on: shorter than its fixed header plus trailer, not
     * version 2, or an RTP header (CSRC list, extension) that claims more octets than the packet
     * has.
     */
    MALFORMED,

    /** The authentication tag does not verify (RFC 3711 §4.2, RFC 7714 §5.2.2): forged, corrupted or keyed differently. */
    AUTH_FAIL,

    /**
     * Unprotect: the index was already received, or lags behind the replay window (RFC 3711
     * §3.3.2). Protect: the index was already protected, or lags behind the window; protecting it
     * again would reuse keystream (RFC 3711 §9.1), or a GCM IV (RFC 7714 §8.4).
     */
    REPLAY_FAIL,

    /** A new SSRC when the context already holds its limit of streams ({@link SrtpLimits#maxStreams()}). */
    STREAM_LIMIT,

    /**
     * The master key may not cover this packet: its lifetime is spent (RFC 4568 §6.1), or the
     * SRTP index (2^48) or SRTCP index (2^31) would repeat (RFC 3711 §3.3.1, §9.2). Re-key.
     */
    KEY_EXPIRED,

    /** Protect: the array has no room after the packet for the trailer the suite adds. */
    NO_ROOM
}

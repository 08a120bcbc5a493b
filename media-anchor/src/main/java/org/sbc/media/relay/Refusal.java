package org.sbc.media.relay;

/**
 * Why the relay refused a packet, for the per-session report ({@link RelaySession.Listener#onRefusals}).
 * Each is counted in {@link StreamStats.Direction} as well; this names the ones worth telling an
 * operator about when a call collects many.
 */
public enum Refusal {
    /** A valid RTP/RTCP packet from a source the leg does not accept: RTP bleed, an injection attempt. */
    STRANGER,
    /** A non-empty datagram that is not RTP/RTCP version 2: a scanner, or garbage aimed at the port. */
    MALFORMED,
    /** An SRTP/SRTCP packet from the leg's peer side that did not authenticate or was a replay. */
    SRTP_FAILED
}

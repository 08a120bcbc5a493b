package org.sbc.media.relay;

/**
 * Which sources a leg accepts media from.
 *
 * <ul>
 *   <li>{@link #STRICT}: only the address:port its peer signalled in SDP. Safe, but breaks phones
 *       behind NAT (they send from their public mapping, not from what their SDP says).
 *   <li>{@link #LATCH} (the default): learn the real source from the first valid packets after
 *       the SDP (symmetric RTP, RFC 4961), then refuse every other source unless it proves it
 *       continues the same stream (RTP-bleed protection; see {@link RelaySession}).
 * </ul>
 */
public enum LatchingMode {
    STRICT,
    LATCH
}

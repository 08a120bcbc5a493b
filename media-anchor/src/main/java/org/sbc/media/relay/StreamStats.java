package org.sbc.media.relay;

/**
 * What one stream relayed, per direction. {@code aToB} counts the packets that arrived on leg A's
 * ports (sent by A's peer), {@code bToA} those that arrived on leg B's.
 *
 * @param clockRate the RTP clock the jitter is measured in ({@link RelaySession#clockRate}, else
 *     {@link RelaySession#DEFAULT_CLOCK_RATE})
 */
public record StreamStats(Direction aToB, Direction bToA, int clockRate) {

    static final StreamStats EMPTY = new StreamStats(Direction.EMPTY, Direction.EMPTY,
            RelaySession.DEFAULT_CLOCK_RATE);

    /** {@code direction}'s jitter in milliseconds: RTP timestamp units over this stream's clock. */
    public double jitterMillis(Direction direction) {
        return direction.jitter() * 1000.0 / clockRate;
    }

    /**
     * @param packets     RTP packets relayed
     * @param bytes       octets of the relayed RTP packets (UDP payload; on an SRTP leg the plain
     *                    RTP, without the tag)
     * @param rtcpPackets RTCP packets relayed
     * @param dropped     valid packets refused for their source: RTP bleed attempts, strangers,
     *                    STRICT-mode mismatches
     * @param malformed   datagrams dropped as not RTP/RTCP: not version 2, shorter than the fixed
     *                    header (12 octets RTP, 8 RTCP), a header longer than the datagram
     * @param unroutable  accepted packets not sent: no destination (none signalled nor latched,
     *                    or on hold) or the outgoing socket's queue full
     * @param relatched   times a new source proved it continues the latched stream
     * @param lost        RFC 3550 A.3 cumulative packets lost (may be negative with duplicates)
     * @param jitter      RFC 3550 A.8 interarrival jitter in RTP timestamp units (see
     *                    {@link RelaySession#clockRate})
     * @param srtpFailed  packets dropped by SRTP termination ({@link RelaySession#srtp}): on the
     *                    way in, not authenticated, replayed or malformed SRTP/SRTCP from this
     *                    direction's leg (never latched, never relayed); on the way out, not
     *                    protectable for the other leg (an index protected twice, a spent key,
     *                    the stream limit)
     */
    public record Direction(long packets, long bytes, long rtcpPackets, long dropped, long malformed,
            long unroutable, long relatched, long lost, long jitter, long srtpFailed) {

        static final Direction EMPTY = new Direction(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}

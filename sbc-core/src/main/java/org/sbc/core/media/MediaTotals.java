package org.sbc.core.media;

import java.util.List;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.media.relay.StreamStats;

/**
 * What a call's media carried, summed over its streams, per direction as the B2BUA names them:
 * {@code toInside} is what the outside peer sent (the relay's leg A to B), {@code toOutside} what
 * the inside peer sent. Packets, octets and loss add up over streams; jitter is the worst
 * stream's, in milliseconds of that stream's RTP clock.
 */
public record MediaTotals(Direction toInside, Direction toOutside, long rtcpPackets, long strangersDropped,
        long malformed, long srtpFailed) {

    /** One direction: RTP packets and octets relayed, RFC 3550 A.3 packets lost, A.8 jitter. */
    public record Direction(long packets, long bytes, long lost, double jitterMillis) {}

    public static MediaTotals of(List<StreamStats> streams) {
        long rtcp = 0;
        long strangers = 0;
        long malformed = 0;
        long srtp = 0;
        for (StreamStats s : streams) {
            rtcp += s.aToB().rtcpPackets() + s.bToA().rtcpPackets();
            strangers += s.aToB().dropped() + s.bToA().dropped();
            malformed += s.aToB().malformed() + s.bToA().malformed();
            srtp += s.aToB().srtpFailed() + s.bToA().srtpFailed();
        }
        return new MediaTotals(direction(streams, true), direction(streams, false), rtcp, strangers, malformed,
                srtp);
    }

    private static Direction direction(List<StreamStats> streams, boolean fromOutside) {
        long packets = 0;
        long bytes = 0;
        long lost = 0;
        double jitter = 0;
        for (StreamStats s : streams) {
            StreamStats.Direction d = fromOutside ? s.aToB() : s.bToA();
            packets += d.packets();
            bytes += d.bytes();
            lost += d.lost();
            jitter = Math.max(jitter, s.jitterMillis(d));
        }
        return new Direction(packets, bytes, lost, jitter);
    }

    /** Adds the call's media to the server's counters, once, when the call ends. */
    public void count(Counters counters) {
        counters.add(Counter.MEDIA_RTP_PACKETS_RELAYED, toInside.packets + toOutside.packets);
        counters.add(Counter.MEDIA_RTP_BYTES_RELAYED, toInside.bytes + toOutside.bytes);
        counters.add(Counter.MEDIA_RTCP_PACKETS_RELAYED, rtcpPackets);
        counters.add(Counter.MEDIA_STRANGERS_DROPPED, strangersDropped);
        counters.add(Counter.MEDIA_MALFORMED_DROPPED, malformed);
        counters.add(Counter.MEDIA_SRTP_FAILURES, srtpFailed);
    }
}

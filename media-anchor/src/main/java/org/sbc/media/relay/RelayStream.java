package org.sbc.media.relay;

import io.netty.channel.Channel;

/**
 * One stream (m-line) of a session: the two legs' latches, their SRTP state and, once bound, the
 * four sockets. The sockets are published with one volatile write after all four are bound; a
 * packet that arrives before (nobody was told the ports yet) is counted as unroutable.
 */
final class RelayStream {

    /** The four bound sockets and the pairs to give back. */
    record Sockets(BoundPair a, BoundPair b) {

        Channel rtp(RelaySession.Leg leg) {
            return leg == RelaySession.Leg.A ? a.rtp() : b.rtp();
        }

        Channel rtcp(RelaySession.Leg leg) {
            return leg == RelaySession.Leg.A ? a.rtcp() : b.rtcp();
        }
    }

    final int index;
    final SourceLatch legA;
    final SourceLatch legB;
    /** RTP clock rate for jitter; written by the control plane. */
    volatile int clockRate = RelaySession.DEFAULT_CLOCK_RATE;
    volatile Sockets sockets;
    /** SRTP termination per leg, null for plain RTP both ways; written by the control plane. */
    volatile SrtpLeg srtpA;
    volatile SrtpLeg srtpB;

    RelayStream(int index, LatchingMode mode, Relatch relatch) {
        this.index = index;
        this.legA = new SourceLatch(mode, relatch);
        this.legB = new SourceLatch(mode, relatch);
    }

    SourceLatch latch(RelaySession.Leg leg) {
        return leg == RelaySession.Leg.A ? legA : legB;
    }

    SrtpLeg srtp(RelaySession.Leg leg) {
        return leg == RelaySession.Leg.A ? srtpA : srtpB;
    }

    void srtp(RelaySession.Leg leg, SrtpLeg srtp) {
        if (leg == RelaySession.Leg.A) {
            srtpA = srtp;
        } else {
            srtpB = srtp;
        }
    }

    StreamPorts ports() {
        Sockets s = sockets;
        return new StreamPorts(s.a().rtpAddress(), s.a().rtcpAddress(), s.b().rtpAddress(), s.b().rtcpAddress());
    }

    StreamStats stats() {
        return new StreamStats(legA.counters().snapshot(), legB.counters().snapshot(), clockRate);
    }
}

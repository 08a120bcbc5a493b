package org.sbc.media.relay;

import java.util.Arrays;
import org.sbc.media.srtp.SrtcpContext;
import org.sbc.media.srtp.SrtpContext;
import org.sbc.media.srtp.SrtpLimits;
import org.sbc.media.srtp.SrtpMasterKey;
import org.sbc.media.srtp.SrtpSuite;

/**
 * SRTP termination on one leg of one stream: the contexts that unprotect what the leg's peer
 * sends ({@code inbound} key) and protect what the relay sends to it ({@code outbound} key), for
 * RTP and RTCP; a null key means plain RTP/RTCP that way. Immutable as a holder: built by the
 * control plane ({@link RelaySession#srtp}) and published with one volatile write
 * ({@link RelayStream}); the contexts it holds are then used only on the session's I/O thread.
 * Bounded: two SRTP and two SRTCP contexts per leg per stream, each with {@link SrtpLimits#DEFAULT}.
 */
record SrtpLeg(SrtpMasterKey inboundKey, SrtpMasterKey outboundKey, SrtpContext rtpIn, SrtcpContext rtcpIn,
        SrtpContext rtpOut, SrtcpContext rtcpOut) {

    /** Octets a protected packet may grow by: the largest SRTP tag or SRTCP trailer of any suite. */
    static final int MAX_TRAILER = Arrays.stream(SrtpSuite.values())
            .mapToInt(s -> Math.max(s.srtpTagLength(), s.srtcpOverhead()))
            .max().orElseThrow();

    /**
     * The leg's SRTP state under new keys, or null when both are null (plain both ways). A key
     * equal to the one {@code previous} held keeps its contexts and so their rollover counters and
     * replay windows; a changed key gets new contexts (RFC 4568 §6.4).
     */
    static SrtpLeg of(SrtpLeg previous, SrtpMasterKey inbound, SrtpMasterKey outbound) {
        if (inbound == null && outbound == null) {
            return null;
        }
        SrtpContext rtpIn = null;
        SrtcpContext rtcpIn = null;
        if (inbound != null) {
            boolean same = previous != null && inbound.equals(previous.inboundKey);
            rtpIn = same ? previous.rtpIn : SrtpContext.receiver(inbound);
            rtcpIn = same ? previous.rtcpIn : SrtcpContext.receiver(inbound);
        }
        SrtpContext rtpOut = null;
        SrtcpContext rtcpOut = null;
        if (outbound != null) {
            boolean same = previous != null && outbound.equals(previous.outboundKey);
            rtpOut = same ? previous.rtpOut : SrtpContext.sender(outbound);
            rtcpOut = same ? previous.rtcpOut : SrtcpContext.sender(outbound);
        }
        return new SrtpLeg(inbound, outbound, rtpIn, rtcpIn, rtpOut, rtcpOut);
    }

    boolean unprotects() {
        return inboundKey != null;
    }

    boolean protects() {
        return outboundKey != null;
    }

    @Override
    public String toString() {
        // The keys' own toString hides them; the contexts are not shown (I/O-thread state).
        return "SrtpLeg[inbound=" + inboundKey + ", outbound=" + outboundKey + "]";
    }
}

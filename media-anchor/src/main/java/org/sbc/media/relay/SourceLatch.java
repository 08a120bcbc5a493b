package org.sbc.media.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One leg of one stream, seen from the relay: which sources the leg accepts media from (the
 * latching and RTP-bleed decision) and where media for the leg is sent. The signalled peer is
 * published by the control plane through one volatile reference to an immutable {@link Signal};
 * everything else is confined to the session's I/O thread, which picks a new signal up with
 * {@link #sync()} (one volatile read and a reference compare per packet).
 *
 * <h2>LATCH rule (RTP)</h2>
 * <ol>
 *   <li>from the latched source: accepted;
 *   <li>nothing signalled yet (a call still ringing): refused, so no stranger owns a leg before
 *       its phone has spoken;
 *   <li>inside the latch window ({@code latchWindow} after {@link RelaySession#peer}): the first valid packet latches its
 *       source; later in the same window a packet from exactly the signalled address takes the
 *       latch back (a peer that is not behind NAT always wins against a faster stranger);
 *   <li>never latched and from exactly the signalled address: latches, whenever it comes;
 *   <li>latched, from another source: accepted and re-latched only if it proves it continues the
 *       latched stream: same SSRC and a sequence number 1..{@value #RELATCH_SEQ_WINDOW} ahead of
 *       the highest seen (a phone whose NAT binding changed). A blind attacker would have to guess
 *       32 bits of SSRC and land in a 64 of 65536 sequence window. With {@link Relatch#NEVER},
 *       never: only a new offer/answer moves the latch;
 *   <li>otherwise: refused (counted as dropped; never relayed, never latched).
 * </ol>
 * <h2>LATCH rule (RTCP)</h2>
 * From the RTCP or RTP latched source: accepted (and latched). Inside the window the same as
 * RTP (the first packet latches, the signalled RTCP address takes it back), except that once RTP
 * is latched only a source on the RTP's latched IP address may latch RTCP. Never latched and from
 * the signalled RTCP address: latches. Latched elsewhere: re-latched only from
 * the IP address the RTP is latched to and with the latched RTP SSRC as sender SSRC.
 * <h2>STRICT</h2>
 * Only packets from exactly the signalled RTP (RTCP) address:port; nothing before a signal.
 */
final class SourceLatch {

    /** How far ahead of the highest seen sequence number a re-latching packet may be (~1.3 s at 20 ms). */
    static final int RELATCH_SEQ_WINDOW = 64;

    /** What the leg's peer signalled; {@code rtp == null} means on hold or declined. */
    record Signal(InetSocketAddress rtp, InetSocketAddress rtcp, long latchUntil) {

        boolean mux() {
            return rtp != null && rtp.equals(rtcp);
        }

        Signal rearmed(long until) {
            return new Signal(rtp, rtcp, until);
        }
    }

    private final LatchingMode mode;
    private final Relatch relatch;
    private final DirectionCounters counters = new DirectionCounters();
    private final ReceptionStats reception = new ReceptionStats();

    private volatile Signal signalled;

    // I/O thread only from here
    private Signal seen;
    private boolean armed = true;
    private boolean latchedInWindow;
    private boolean rtcpArmed = true;
    private boolean rtcpLatchedInWindow;
    private InetSocketAddress rtpLatch;
    private InetSocketAddress rtcpLatch;
    private boolean rtcpLatchOnRtpPort;

    SourceLatch(LatchingMode mode, Relatch relatch) {
        this.mode = mode;
        this.relatch = relatch;
    }

    // control plane

    void signal(Signal signal) {
        signalled = signal;
    }

    Signal signalled() {
        return signalled;
    }

    DirectionCounters counters() {
        return counters;
    }

    // I/O thread

    /** Applies a new signal: re-arms latching; forgets the latch if the signalled RTP address changed. */
    void sync() {
        Signal s = signalled;
        if (s == seen) {
            return;
        }
        if (seen != null && !Objects.equals(seen.rtp(), s.rtp())) {
            rtpLatch = null;
            rtcpLatch = null;
        }
        seen = s;
        armed = true;
        latchedInWindow = false;
        rtcpArmed = true;
        rtcpLatchedInWindow = false;
    }

    Admission admitRtp(InetSocketAddress from, int ssrc, int seq, long now) {
        Signal s = seen;
        if (mode == LatchingMode.STRICT) {
            return s != null && from.equals(s.rtp()) ? Admission.ACCEPTED : Admission.REFUSED;
        }
        if (from.equals(rtpLatch)) {
            return Admission.ACCEPTED;
        }
        if (s == null) {
            // Nothing signalled yet (a call still ringing): nobody may latch, or a stranger who
            // sprays the port range would own the leg before its phone ever spoke.
            return Admission.REFUSED;
        }
        boolean fromSignalled = from.equals(s.rtp());
        if (armed) {
            if (now - s.latchUntil() < 0) {
                if (!latchedInWindow || fromSignalled) {
                    latchedInWindow = true;
                    rtpLatch = from;
                    return Admission.ACCEPTED;
                }
            } else {
                armed = false;
            }
        }
        if (rtpLatch == null && fromSignalled) {
            rtpLatch = from;
            return Admission.ACCEPTED;
        }
        if (rtpLatch != null && relatch == Relatch.SSRC && reception.continues(ssrc, seq, RELATCH_SEQ_WINDOW)) {
            rtpLatch = from;
            counters.increment(DirectionCounters.RELATCHED);
            return Admission.ACCEPTED;
        }
        return Admission.REFUSED;
    }

    Admission admitRtcp(InetSocketAddress from, int senderSsrc, boolean onRtpPort, long now) {
        Signal s = seen;
        if (mode == LatchingMode.STRICT) {
            return s != null && from.equals(s.rtcp()) ? Admission.ACCEPTED : Admission.REFUSED;
        }
        if (from.equals(rtcpLatch)) {
            return Admission.ACCEPTED;
        }
        if (from.equals(rtpLatch)) {
            latchRtcp(from, onRtpPort);
            return Admission.ACCEPTED;
        }
        if (s == null) {
            return Admission.REFUSED; // as for RTP: no latching before anything is signalled
        }
        if (rtcpArmed) {
            if (now - s.latchUntil() < 0) {
                boolean plausible = rtpLatch == null || sameHost(from, rtpLatch);
                if (plausible && !rtcpLatchedInWindow || from.equals(s.rtcp())) {
                    rtcpLatchedInWindow = true;
                    latchRtcp(from, onRtpPort);
                    return Admission.ACCEPTED;
                }
            } else {
                rtcpArmed = false;
            }
        }
        if (rtcpLatch == null && from.equals(s.rtcp())) {
            latchRtcp(from, onRtpPort);
            return Admission.ACCEPTED;
        }
        if (relatch == Relatch.SSRC && rtcpLatch != null && rtpLatch != null && sameHost(from, rtpLatch)
                && reception.started() && senderSsrc == reception.ssrc()) {
            latchRtcp(from, onRtpPort);
            counters.increment(DirectionCounters.RELATCHED);
            return Admission.ACCEPTED;
        }
        return Admission.REFUSED;
    }

    void record(int ssrc, int seq, int timestamp, int arrival) {
        reception.record(ssrc, seq, timestamp, arrival, counters);
    }

    /** Where RTP for this leg goes; null: nowhere (nothing signalled nor latched, or on hold). */
    InetSocketAddress rtpDestination() {
        Signal s = seen;
        if (s == null) {
            return mode == LatchingMode.LATCH ? rtpLatch : null;
        }
        if (s.rtp() == null) {
            return null;
        }
        return mode == LatchingMode.LATCH && rtpLatch != null ? rtpLatch : s.rtp();
    }

    /** Where RTCP for this leg goes; null: nowhere. */
    InetSocketAddress rtcpDestination() {
        Signal s = seen;
        if (s == null) {
            return mode == LatchingMode.LATCH ? rtcpLatch : null;
        }
        if (s.rtp() == null || s.rtcp() == null) {
            return null;
        }
        if (mode == LatchingMode.STRICT) {
            return s.rtcp();
        }
        if (rtcpLatch != null) {
            return rtcpLatch;
        }
        return s.mux() && rtpLatch != null ? rtpLatch : s.rtcp();
    }

    /** Whether RTCP for this leg leaves from its RTP port (RFC 5761 rtcp-mux). */
    boolean rtcpMuxed() {
        Signal s = seen;
        return s != null ? s.mux() : rtcpLatchOnRtpPort;
    }

    private void latchRtcp(InetSocketAddress from, boolean onRtpPort) {
        rtcpLatch = from;
        rtcpLatchOnRtpPort = onRtpPort;
    }

    private static boolean sameHost(InetSocketAddress a, InetSocketAddress b) {
        InetAddress x = a.getAddress();
        return x != null && x.equals(b.getAddress());
    }
}

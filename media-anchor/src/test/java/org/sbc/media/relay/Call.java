package org.sbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetSocketAddress;

/**
 * One call's media through a relay: phone A on 127.0.70.2 (RTP and RTCP sockets), PBX B on
 * 127.0.70.3, stream 0, both legs signalled with the sockets' real addresses unless told.
 */
final class Call implements AutoCloseable {

    static final String PHONE = "127.0.70.2";
    static final String PBX = "127.0.70.3";
    static final String ATTACKER = "127.0.70.66";
    static final int PHONE_SSRC = 0x11111111;
    static final int PBX_SSRC = 0x22222222;
    static final int WAIT = 2_000;

    final RelaySession session;
    final StreamPorts ports;
    final UdpPeer phone = new UdpPeer(PHONE);
    final UdpPeer phoneRtcp = new UdpPeer(PHONE);
    final UdpPeer pbx = new UdpPeer(PBX);
    final UdpPeer pbxRtcp = new UdpPeer(PBX);
    int phoneSeq = 1000;
    int pbxSeq = 5000;

    Call(MediaRelay relay) {
        this(relay, s -> { });
    }

    Call(MediaRelay relay, RelaySession.Listener listener) {
        session = relay.open(listener).orElseThrow();
        ports = session.stream(0).orElseThrow();
    }

    Call signalBoth() {
        session.peer(0, RelaySession.Leg.A, phone.address(), phoneRtcp.address());
        session.peer(0, RelaySession.Leg.B, pbx.address(), pbxRtcp.address());
        return this;
    }

    /** Phone sends one RTP packet from {@code from}; the PBX must receive it unchanged from rtpB. */
    void phoneToPbx(UdpPeer from) {
        byte[] sent = Rtp.packet(PHONE_SSRC, phoneSeq++);
        from.send(ports.rtpA(), sent);
        expect(pbx, sent, ports.rtpB());
    }

    /** PBX sends one RTP packet; {@code to} must receive it unchanged from rtpA. */
    void pbxToPhone(UdpPeer to) {
        byte[] sent = Rtp.packet(PBX_SSRC, pbxSeq++);
        pbx.send(ports.rtpB(), sent);
        expect(to, sent, ports.rtpA());
    }

    static void expect(UdpPeer at, byte[] sent, InetSocketAddress from) {
        UdpPeer.Received got = at.receive(WAIT);
        assertNotNull(got, "nothing received at " + at.address());
        assertArrayEquals(sent, got.data());
        assertEquals(from, got.from());
    }

    StreamStats.Direction aToB() {
        return session.stats(0).aToB();
    }

    StreamStats.Direction bToA() {
        return session.stats(0).bToA();
    }

    @Override
    public void close() {
        session.close();
        phone.close();
        phoneRtcp.close();
        pbx.close();
        pbxRtcp.close();
    }
}

package org.sbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sbc.media.srtp.PacketBuffer;
import org.sbc.media.srtp.SrtcpContext;
import org.sbc.media.srtp.SrtpContext;
import org.sbc.media.srtp.SrtpMasterKey;
import org.sbc.media.srtp.SrtpStatus;
import org.sbc.media.srtp.SrtpSuite;

/** SRTP termination per leg ({@link RelaySession#srtp}), over real sockets on loopback. */
class SrtpTerminationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private MediaRelay relay;

    @AfterEach
    void closeRelay() {
        relay.close();
    }

    @Test
    void terminatesSrtpOnPhoneLegAndRelaysPlainRtpToPbx() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(25000));
        SrtpMasterKey k1 = key(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpMasterKey k2 = key(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        try (Call call = new Call(relay).signalBoth()) {
            call.session.srtp(0, RelaySession.Leg.A, k1, k2);
            Phone phone = new Phone(k1, k2);
            for (int i = 0; i < 3; i++) {
                byte[] plain = Rtp.packet(Call.PHONE_SSRC, call.phoneSeq++);
                call.phone.send(call.ports.rtpA(), phone.protect(plain));
                Call.expect(call.pbx, plain, call.ports.rtpB());

                byte[] back = Rtp.packet(Call.PBX_SSRC, call.pbxSeq++);
                call.pbx.send(call.ports.rtpB(), back);
                assertArrayEquals(back, phone.unprotect(receive(call.phone, call.ports.rtpA())));
            }
            byte[] rr = Rtp.receiverReport(Call.PHONE_SSRC);
            call.phoneRtcp.send(call.ports.rtcpA(), phone.protectRtcp(rr));
            Call.expect(call.pbxRtcp, rr, call.ports.rtcpB());
            byte[] pbxRr = Rtp.receiverReport(Call.PBX_SSRC);
            call.pbxRtcp.send(call.ports.rtcpB(), pbxRr);
            assertArrayEquals(pbxRr, phone.unprotectRtcp(receive(call.phoneRtcp, call.ports.rtcpA())));

            assertEquals(3, call.aToB().packets());
            assertEquals(3 * 172, call.aToB().bytes(), "plain RTP octets, without the tag");
            assertEquals(1, call.aToB().rtcpPackets());
            assertEquals(3, call.bToA().packets());
            assertEquals(1, call.bToA().rtcpPackets());
            assertEquals(0, call.aToB().srtpFailed() + call.bToA().srtpFailed());
        }
    }

    @Test
    void terminatesSrtpOnBothLegsWithDifferentKeysAndRtcpMux() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(25100));
        SrtpMasterKey phoneKey = key(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        SrtpMasterKey toPhone = key(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        SrtpMasterKey pbxKey = key(SrtpSuite.AEAD_AES_128_GCM);
        SrtpMasterKey toPbx = key(SrtpSuite.AEAD_AES_128_GCM);
        try (Call call = new Call(relay)) {
            call.session.peer(0, RelaySession.Leg.A, call.phone.address(), call.phoneRtcp.address());
            call.session.peer(0, RelaySession.Leg.B, call.pbx.address(), call.pbx.address()); // rtcp-mux
            call.session.srtp(0, RelaySession.Leg.A, phoneKey, toPhone);
            call.session.srtp(0, RelaySession.Leg.B, pbxKey, toPbx);
            Phone phone = new Phone(phoneKey, toPhone);
            Phone pbx = new Phone(pbxKey, toPbx);

            byte[] plain = Rtp.packet(Call.PHONE_SSRC, call.phoneSeq++);
            call.phone.send(call.ports.rtpA(), phone.protect(plain));
            assertArrayEquals(plain, pbx.unprotect(receive(call.pbx, call.ports.rtpB())));
            byte[] back = Rtp.packet(Call.PBX_SSRC, call.pbxSeq++);
            call.pbx.send(call.ports.rtpB(), pbx.protect(back));
            assertArrayEquals(back, phone.unprotect(receive(call.phone, call.ports.rtpA())));

            byte[] rr = Rtp.receiverReport(Call.PHONE_SSRC);
            call.phoneRtcp.send(call.ports.rtcpA(), phone.protectRtcp(rr));
            assertArrayEquals(rr, pbx.unprotectRtcp(receive(call.pbx, call.ports.rtpB())), "SRTCP on B's RTP port");
            byte[] pbxRr = Rtp.receiverReport(Call.PBX_SSRC);
            call.pbx.send(call.ports.rtpB(), pbx.protectRtcp(pbxRr));
            assertArrayEquals(pbxRr, phone.unprotectRtcp(receive(call.phoneRtcp, call.ports.rtcpA())));

            assertEquals(1, call.aToB().packets());
            assertEquals(1, call.aToB().rtcpPackets());
            assertEquals(1, call.bToA().packets());
            assertEquals(1, call.bToA().rtcpPackets());
        }
    }

    @Test
    void dropsFlippedReplayedAndForeignKeyedPacketsWithoutMovingTheLatch() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(25200));
        SrtpMasterKey k1 = key(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpMasterKey k2 = key(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        try (Call call = new Call(relay).signalBoth(); UdpPeer nat = new UdpPeer(Call.PHONE);
                UdpPeer attacker = new UdpPeer(Call.ATTACKER)) {
            call.session.srtp(0, RelaySession.Leg.A, k1, k2);
            Phone phone = new Phone(k1, k2);
            Phone stranger = new Phone(key(SrtpSuite.AES_CM_128_HMAC_SHA1_80), k2);
            // the NATed phone latches inside the window
            byte[] first = Rtp.packet(Call.PHONE_SSRC, call.phoneSeq++);
            byte[] firstProtected = phone.protect(first);
            nat.send(call.ports.rtpA(), firstProtected);
            Call.expect(call.pbx, first, call.ports.rtpB());

            // each would take the latch if it were accepted: from the signalled address inside the
            // window, or continuing the latched SSRC and sequence from elsewhere
            byte[] next = Rtp.packet(Call.PHONE_SSRC, call.phoneSeq++);
            byte[] nextProtected = phone.protect(next);
            byte[] flipped = nextProtected.clone();
            flipped[20] ^= 0x01;
            call.phone.send(call.ports.rtpA(), flipped);
            call.phone.send(call.ports.rtpA(), firstProtected);
            attacker.send(call.ports.rtpA(), stranger.protect(next));
            byte[] forgedRr = stranger.protectRtcp(Rtp.receiverReport(Call.PHONE_SSRC));
            call.phoneRtcp.send(call.ports.rtcpA(), forgedRr);
            call.phone.send(call.ports.rtpA(), Rtp.packet(Call.PHONE_SSRC, call.phoneSeq + 1)); // plain RTP
            Await.until("five failed SRTP", () -> call.aToB().srtpFailed() == 5);

            assertNull(call.pbx.receive(100), "nothing relayed to the PBX");
            assertNull(call.pbxRtcp.receive(20), "no RTCP relayed to the PBX");
            assertEquals(1, call.aToB().packets());
            assertEquals(0, call.aToB().rtcpPackets());
            assertEquals(0, call.aToB().dropped());
            assertEquals(0, call.aToB().relatched());
            // the latch did not move: the PBX's audio still goes to the NATed phone, which keeps
            // sending; the real packet whose forgery failed still passes
            byte[] back = Rtp.packet(Call.PBX_SSRC, call.pbxSeq++);
            call.pbx.send(call.ports.rtpB(), back);
            assertArrayEquals(back, phone.unprotect(receive(nat, call.ports.rtpA())));
            nat.send(call.ports.rtpA(), nextProtected);
            Call.expect(call.pbx, next, call.ports.rtpB());
            assertNull(call.phone.receive(20), "nothing to the signalled address");
            assertNull(attacker.receive(20), "nothing to the attacker");
        }
    }

    @Test
    void rekeyingMidCallAcceptsTheNewKeyAndRefusesTheOld() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(25300));
        SrtpMasterKey k1 = key(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpMasterKey k2 = key(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpMasterKey k3 = key(SrtpSuite.AEAD_AES_128_GCM);
        SrtpMasterKey k4 = key(SrtpSuite.AEAD_AES_128_GCM);
        try (Call call = new Call(relay).signalBoth()) {
            call.session.srtp(0, RelaySession.Leg.A, k1, k2);
            Phone before = new Phone(k1, k2);
            byte[] plain = Rtp.packet(Call.PHONE_SSRC, call.phoneSeq++);
            byte[] sent = before.protect(plain);
            call.phone.send(call.ports.rtpA(), sent);
            Call.expect(call.pbx, plain, call.ports.rtpB());

            // a re-INVITE that keeps the keys keeps their state: the replay window still knows it
            call.session.srtp(0, RelaySession.Leg.A, k1, k2);
            call.phone.send(call.ports.rtpA(), sent);
            Await.until("replay refused", () -> call.aToB().srtpFailed() == 1);

            // a re-INVITE re-keys both ways
            call.session.srtp(0, RelaySession.Leg.A, k3, k4);
            Phone after = new Phone(k3, k4);
            byte[] old = Rtp.packet(Call.PHONE_SSRC, call.phoneSeq++);
            call.phone.send(call.ports.rtpA(), before.protect(old));
            Await.until("old key refused", () -> call.aToB().srtpFailed() == 2);
            assertNull(call.pbx.receive(50));
            byte[] fresh = Rtp.packet(Call.PHONE_SSRC, call.phoneSeq++);
            call.phone.send(call.ports.rtpA(), after.protect(fresh));
            Call.expect(call.pbx, fresh, call.ports.rtpB());

            byte[] back = Rtp.packet(Call.PBX_SSRC, call.pbxSeq++);
            call.pbx.send(call.ports.rtpB(), back);
            byte[] received = receive(call.phone, call.ports.rtpA());
            assertEquals(SrtpStatus.AUTH_FAIL, before.unprotectStatus(received), "not under the old key");
            assertArrayEquals(back, after.unprotect(received));

            // back to plain RTP on A
            call.session.srtp(0, RelaySession.Leg.A, null, null);
            byte[] clear = Rtp.packet(Call.PHONE_SSRC, call.phoneSeq++);
            call.phone.send(call.ports.rtpA(), clear);
            Call.expect(call.pbx, clear, call.ports.rtpB());
            assertEquals(3, call.aToB().packets());
        }
    }

    @Test
    void refusesOneKeyForBothDirectionsAndUnallocatedStreams() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(25400));
        SrtpMasterKey k = key(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        RelaySession session = relay.open(s -> { }).orElseThrow();
        try {
            session.stream(0).orElseThrow();
            assertThrows(IllegalArgumentException.class, () -> session.srtp(0, RelaySession.Leg.A, k, k));
            assertThrows(IllegalArgumentException.class, () -> session.srtp(1, RelaySession.Leg.A, k, null));
            session.srtp(0, RelaySession.Leg.B, k, null);
        } finally {
            session.close();
        }
    }

    private static SrtpMasterKey key(SrtpSuite suite) {
        return SrtpMasterKey.generate(suite, RANDOM);
    }

    private static byte[] receive(UdpPeer at, InetSocketAddress from) {
        UdpPeer.Received got = at.receive(Call.WAIT);
        assertNotNull(got, "nothing received at " + at.address());
        assertEquals(from, got.from());
        return got.data();
    }

    /** An SRTP peer: protects what it sends with one key, unprotects what it receives with another. */
    private static final class Phone {

        private final SrtpContext rtpOut;
        private final SrtpContext rtpIn;
        private final SrtcpContext rtcpOut;
        private final SrtcpContext rtcpIn;

        Phone(SrtpMasterKey sends, SrtpMasterKey receives) {
            rtpOut = SrtpContext.sender(sends);
            rtpIn = SrtpContext.receiver(receives);
            rtcpOut = SrtcpContext.sender(sends);
            rtcpIn = SrtcpContext.receiver(receives);
        }

        byte[] protect(byte[] plain) {
            PacketBuffer p = PacketBuffer.copyOf(plain, 32);
            assertEquals(SrtpStatus.OK, rtpOut.protect(p));
            return p.toByteArray();
        }

        byte[] protectRtcp(byte[] plain) {
            PacketBuffer p = PacketBuffer.copyOf(plain, 32);
            assertEquals(SrtpStatus.OK, rtcpOut.protect(p));
            return p.toByteArray();
        }

        byte[] unprotect(byte[] packet) {
            PacketBuffer p = PacketBuffer.of(packet.clone());
            assertEquals(SrtpStatus.OK, rtpIn.unprotect(p));
            return p.toByteArray();
        }

        SrtpStatus unprotectStatus(byte[] packet) {
            return rtpIn.unprotect(PacketBuffer.of(packet.clone()));
        }

        byte[] unprotectRtcp(byte[] packet) {
            PacketBuffer p = PacketBuffer.of(packet.clone());
            assertEquals(SrtpStatus.OK, rtcpIn.unprotect(p));
            return p.toByteArray();
        }
    }
}

package org.sbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LatchingTest {

    private MediaRelay relay;

    @AfterEach
    void closeRelay() {
        relay.close();
    }

    @Test
    void latchesToNatedSourceAndSendsBackThere() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(22000));
        try (Call call = new Call(relay).signalBoth(); UdpPeer nat = new UdpPeer(Call.PHONE)) {
            // the phone's SDP says call.phone, its packets come from the NAT's mapping
            call.phoneToPbx(nat);
            call.pbxToPhone(nat);
            assertNull(call.phone.receive(100), "nothing to the signalled private address once latched");
            assertEquals(0, call.aToB().dropped());
        }
    }

    @Test
    void bleedAttackerGetsNothingBackAndInjectsNothing() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(22100));
        try (Call call = new Call(relay).signalBoth(); UdpPeer nat = new UdpPeer(Call.PHONE);
                UdpPeer attacker = new UdpPeer(Call.ATTACKER)) {
            call.phoneToPbx(nat);
            call.pbxToPhone(nat);
            int sprayed = 0;
            for (int seq = 0; seq < 50; seq++) {
                attacker.send(call.ports.rtpA(), Rtp.packet(0x0BAD0BAD, seq));
                attacker.send(call.ports.rtcpA(), Rtp.receiverReport(0x0BAD0BAD));
                attacker.send(call.ports.rtpB(), Rtp.packet(0x0BAD0BAD, seq));
                attacker.send(call.ports.rtcpB(), Rtp.receiverReport(0x0BAD0BAD));
                sprayed += 2;
            }
            int perLeg = sprayed;
            Await.until("attacker's packets dropped on both legs",
                    () -> call.aToB().dropped() == perLeg && call.bToA().dropped() == perLeg);
            // the peers still get each other's packets, and only those
            call.phoneToPbx(nat);
            call.pbxToPhone(nat);
            assertNull(attacker.receive(100), "the attacker gets nothing");
            assertNull(call.pbx.receive(50), "nothing injected towards B");
            assertNull(call.pbxRtcp.receive(50), "nothing injected towards B's RTCP");
            assertNull(nat.receive(50), "nothing injected towards A");
            assertEquals(2, call.aToB().packets());
            assertEquals(2, call.bToA().packets());
        }
    }

    @Test
    void relatchesNewSourceThatContinuesSsrcAndSequence() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(22200));
        try (Call call = new Call(relay).signalBoth(); UdpPeer oldMapping = new UdpPeer(Call.PHONE);
                UdpPeer newMapping = new UdpPeer(Call.PHONE)) {
            call.phoneToPbx(oldMapping);
            call.phoneToPbx(oldMapping);
            call.pbxToPhone(oldMapping);
            // the phone's NAT binding changes: same SSRC, next sequence number, new port
            call.phoneToPbx(newMapping);
            call.pbxToPhone(newMapping);
            assertEquals(1, call.aToB().relatched());
            assertNull(oldMapping.receive(100));
        }
    }

    @Test
    void withRelatchNeverEvenTheContinuingStreamCannotMoveTheLatch() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(22250).withRelatch(Relatch.NEVER));
        try (Call call = new Call(relay).signalBoth(); UdpPeer oldMapping = new UdpPeer(Call.PHONE);
                UdpPeer newMapping = new UdpPeer(Call.PHONE)) {
            call.phoneToPbx(oldMapping);
            call.pbxToPhone(oldMapping);
            newMapping.send(call.ports.rtpA(), Rtp.packet(Call.PHONE_SSRC, call.phoneSeq));
            Await.until("the continuing packet dropped", () -> call.aToB().dropped() == 1);
            assertEquals(0, call.aToB().relatched());
            call.pbxToPhone(oldMapping); // still the old mapping that gets the audio
            assertNull(newMapping.receive(100));
        }
    }

    @Test
    void refusesNewSourceWithForeignSsrcOrFarSequence() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(22300));
        try (Call call = new Call(relay).signalBoth(); UdpPeer nat = new UdpPeer(Call.PHONE);
                UdpPeer stranger = new UdpPeer(Call.PHONE)) {
            call.phoneToPbx(nat);
            stranger.send(call.ports.rtpA(), Rtp.packet(0x0BAD0BAD, call.phoneSeq));
            stranger.send(call.ports.rtpA(), Rtp.packet(Call.PHONE_SSRC, call.phoneSeq + 1000));
            stranger.send(call.ports.rtpA(), Rtp.packet(Call.PHONE_SSRC, call.phoneSeq - 1));
            Await.until("three dropped", () -> call.aToB().dropped() == 3);
            call.pbxToPhone(nat);
            assertNull(stranger.receive(100));
            assertEquals(0, call.aToB().relatched());
            assertEquals(1, call.aToB().packets());
        }
    }

    @Test
    void strictModeRefusesNatedSource() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(22400).withLatching(LatchingMode.STRICT));
        try (Call call = new Call(relay).signalBoth(); UdpPeer nat = new UdpPeer(Call.PHONE)) {
            nat.send(call.ports.rtpA(), Rtp.packet(Call.PHONE_SSRC, 1));
            nat.send(call.ports.rtcpA(), Rtp.receiverReport(Call.PHONE_SSRC));
            Await.until("both dropped", () -> call.aToB().dropped() == 2);
            call.pbxToPhone(call.phone);
            assertNull(nat.receive(100), "STRICT sends to the signalled address only");
            call.phoneToPbx(call.phone);
            assertEquals(1, call.aToB().packets());
        }
    }

    @Test
    void dropsAndCountsGarbage() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(22500));
        try (Call call = new Call(relay).signalBoth()) {
            byte[] versionOne = Rtp.packet(Call.PHONE_SSRC, 1);
            versionOne[0] = 0x40;
            byte[] csrcBeyondEnd = Rtp.packet(Call.PHONE_SSRC, 1, 0, 0);
            csrcBeyondEnd[0] = (byte) 0x8f;
            byte[] rtcpVersionOne = Rtp.receiverReport(Call.PHONE_SSRC);
            rtcpVersionOne[0] = 0x40;
            call.phone.send(call.ports.rtpA(), new byte[5]);
            call.phone.send(call.ports.rtpA(), versionOne);
            call.phone.send(call.ports.rtpA(), csrcBeyondEnd);
            call.phone.send(call.ports.rtpA(), new byte[0]);
            call.phoneRtcp.send(call.ports.rtcpA(), new byte[] {(byte) 0x80, (byte) 201, 0, 1});
            call.phoneRtcp.send(call.ports.rtcpA(), rtcpVersionOne);
            call.phoneRtcp.send(call.ports.rtcpA(), Rtp.packet(Call.PHONE_SSRC, 2));
            Await.until("seven malformed", () -> call.aToB().malformed() == 7);
            call.phoneToPbx(call.phone);
            assertNull(call.pbxRtcp.receive(50));
            assertEquals(1, call.aToB().packets());
            assertEquals(0, call.aToB().rtcpPackets());
            assertEquals(0, call.aToB().dropped());
        }
    }

    @Test
    void nobodyLatchesARingingLegBeforeItsPeerIsSignalled() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(22600));
        try (Call call = new Call(relay); UdpPeer attacker = new UdpPeer(Call.ATTACKER)) {
            attacker.send(call.ports.rtpA(), Rtp.packet(0x0BAD0BAD, 1));
            Await.until("the stranger's packet dropped", () -> call.aToB().dropped() == 1);

            call.signalBoth(); // the answer: now the phone's first packet latches
            call.phoneToPbx(call.phone);
            call.pbxToPhone(call.phone);
            assertEquals(0, call.aToB().relatched(), "the stranger never held the leg");
        }
    }
}

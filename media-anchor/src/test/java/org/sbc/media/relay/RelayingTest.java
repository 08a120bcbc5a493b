package org.sbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RelayingTest {

    static RelaySettings settings(int portMin) throws Exception {
        return RelaySettings.of(InetAddress.getByName("127.0.70.1"), InetAddress.getByName("127.0.70.4"),
                portMin, portMin + 99);
    }

    private MediaRelay relay;

    @AfterEach
    void closeRelay() {
        if (relay != null) {
            relay.close();
            assertEquals(0, relay.activeSessions());
        }
    }

    @Test
    void relaysRtpAndRtcpBothWaysBetweenSignalledPeers() throws Exception {
        relay = MediaRelay.start(settings(21000));
        if (Epoll.isAvailable() && !Boolean.getBoolean("sbc.nio")) {
            assertEquals("EpollDatagramChannel", relay.transport(), "native epoll when available");
        }
        int freeAtStart = relay.freePorts();
        try (Call call = new Call(relay).signalBoth()) {
            assertEquals(InetAddress.getByName("127.0.70.1"), call.ports.rtpA().getAddress());
            assertEquals(InetAddress.getByName("127.0.70.4"), call.ports.rtpB().getAddress());
            assertEquals(0, call.ports.rtpA().getPort() % 2);
            assertEquals(call.ports.rtpA().getPort() + 1, call.ports.rtcpA().getPort());
            assertEquals(call.ports.rtpB().getPort() + 1, call.ports.rtcpB().getPort());
            assertEquals(call.ports, call.session.stream(0).orElseThrow(), "allocated once");
            assertEquals(freeAtStart - 4, relay.freePorts(), "an RTP and an RTCP port on each address");

            for (int i = 0; i < 5; i++) {
                call.phoneToPbx(call.phone);
                call.pbxToPhone(call.phone);
            }
            byte[] rr = Rtp.receiverReport(Call.PHONE_SSRC);
            call.phoneRtcp.send(call.ports.rtcpA(), rr);
            Call.expect(call.pbxRtcp, rr, call.ports.rtcpB());
            byte[] sr = Rtp.receiverReport(Call.PBX_SSRC);
            call.pbxRtcp.send(call.ports.rtcpB(), sr);
            Call.expect(call.phoneRtcp, sr, call.ports.rtcpA());

            StreamStats.Direction aToB = call.aToB();
            assertEquals(5, aToB.packets());
            assertEquals(5 * 172, aToB.bytes());
            assertEquals(1, aToB.rtcpPackets());
            assertEquals(0, aToB.dropped());
            assertEquals(0, aToB.lost());
            assertEquals(5, call.bToA().packets());
            assertEquals(1, relay.activeSessions());
        }
        assertEquals(0, relay.activeSessions());
        assertEquals(freeAtStart, relay.freePorts());
    }

    @Test
    void relaysOnNioEventLoopsPassedIn() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            relay = MediaRelay.start(settings(21100), group, NioDatagramChannel.class);
            try (Call call = new Call(relay).signalBoth()) {
                call.phoneToPbx(call.phone);
                call.pbxToPhone(call.phone);
            }
            relay.close();
            relay = null;
            assertFalse(group.isShuttingDown(), "a group passed in is the caller's");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void countsLossFromSequenceGaps() throws Exception {
        relay = MediaRelay.start(settings(21200));
        try (Call call = new Call(relay).signalBoth()) {
            call.phoneToPbx(call.phone);
            call.phoneSeq += 3;
            call.phoneToPbx(call.phone);
            assertEquals(3, call.aToB().lost());
        }
    }

    @Test
    void relaysRtcpMuxedOnTheRtpPort() throws Exception {
        relay = MediaRelay.start(settings(21300));
        try (Call call = new Call(relay)) {
            call.session.peer(0, RelaySession.Leg.A, call.phone.address(), call.phone.address());
            call.session.peer(0, RelaySession.Leg.B, call.pbx.address(), call.pbxRtcp.address());
            call.phoneToPbx(call.phone);
            byte[] rr = Rtp.receiverReport(Call.PHONE_SSRC);
            call.phone.send(call.ports.rtpA(), rr);
            Call.expect(call.pbxRtcp, rr, call.ports.rtcpB());
            byte[] back = Rtp.receiverReport(Call.PBX_SSRC);
            call.pbxRtcp.send(call.ports.rtcpB(), back);
            Call.expect(call.phone, back, call.ports.rtpA());
            assertEquals(1, call.aToB().rtcpPackets());
            assertEquals(1, call.bToA().rtcpPackets());
        }
    }

    @Test
    void sendsNothingToALegOnHoldOrNeverSignalled() throws Exception {
        relay = MediaRelay.start(settings(21400));
        try (Call call = new Call(relay)) {
            // only A signalled: B's peer is unknown, nothing is sent towards B
            call.session.peer(0, RelaySession.Leg.A, call.phone.address(), call.phoneRtcp.address());
            call.phone.send(call.ports.rtpA(), Rtp.packet(Call.PHONE_SSRC, 1));
            Await.until("unroutable counted", () -> call.aToB().unroutable() == 1);

            call.session.peer(0, RelaySession.Leg.B, call.pbx.address(), call.pbxRtcp.address());
            call.phoneToPbx(call.phone);
            // B holds with 0.0.0.0: nothing to it any more, although it is latched
            call.session.peer(0, RelaySession.Leg.B, new InetSocketAddress("0.0.0.0", 0), null);
            call.phone.send(call.ports.rtpA(), Rtp.packet(Call.PHONE_SSRC, call.phoneSeq++));
            Await.until("unroutable counted", () -> call.aToB().unroutable() == 2);
            assertNull(call.pbx.receive(100));
            // B resumes
            call.session.peer(0, RelaySession.Leg.B, call.pbx.address(), call.pbxRtcp.address());
            call.phoneToPbx(call.phone);
            assertNotEquals(0, call.aToB().packets());
        }
    }
}

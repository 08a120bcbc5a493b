package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;

/**
 * Media anchored through the SBC, with real sockets on loopback: a phone on the outside, a PBX on
 * the inside, each with an RTP socket; the SDP each side receives, the packets each side gets,
 * a phone behind NAT, and an attacker spraying the relay's ports.
 */
class MediaIT {

    private static final String OUTSIDE = "127.0.63.1";
    private static final String INSIDE = "127.0.63.11";
    private static final String PHONE = "127.0.63.2";
    private static final String PBX = "127.0.63.3";
    private static final String ATTACKER = "127.0.63.66";
    private static final int PBX_PORT = 5080;
    private static final Pattern PORT = Pattern.compile("(?m)^m=audio (\\d+) ");
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+)");

    private static SbcServer sbc;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("media-it");
        Path config = Files.writeString(dir.resolve("sbc.yaml"), """
                outside:
                  listen: [udp:%s:5060]
                inside:
                  listen: [udp:%s:5070]
                  pbx: sip:%s:%d
                admin:
                  listen: %s:18463
                security:
                  trusted: [%s/32]
                b2bua:
                  keepalive_seconds: 0
                media:
                  ports: 31000-31099
                """.formatted(OUTSIDE, INSIDE, PBX, PBX_PORT, OUTSIDE, PBX));
        sbc = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)), Optional.of(config));
    }

    @AfterAll
    static void stop() {
        if (sbc != null) {
            sbc.close();
        }
    }

    /** The phone on the outside, on its own SIP port. */
    private static SipPeer phone(int port) throws IOException {
        return SipPeer.udp("alice", PHONE, port, new InetSocketAddress(OUTSIDE, 5060));
    }

    /** The PBX behind the SBC's inside listener. */
    private static SipPeer pbx() throws IOException {
        return SipPeer.udp("pbx", PBX, PBX_PORT, new InetSocketAddress(INSIDE, 5070));
    }

    /** A new call from the phone to bob through the SBC, its Call-ID starting with {@code prefix}. */
    private static SipDialog dial(SipPeer phone, String prefix) {
        return SipDialog.uac(phone, prefix + System.nanoTime(), "sip:alice@" + PHONE, "sip:bob@" + OUTSIDE,
                "sip:bob@" + OUTSIDE + ":5060");
    }

    /** A call set up through the SBC: the dialogs, and where each side was told to send media. */
    private record AnchoredCall(SipDialog caller, SipMsg pbxInvite, SipDialog callee, InetSocketAddress relayForPhone,
            InetSocketAddress relayForPbx, String phoneSaw, String pbxSaw) {}

    private static AnchoredCall call(SipPeer phone, SipPeer pbx, int phoneRtpPort, int pbxRtpPort) throws Exception {
        SipDialog caller = dial(phone, "media-");
        caller.send("INVITE", "", "application/sdp", """
                v=0\r
                o=alice-phone 2890844526 2890844526 IN IP4 %1$s\r
                s=Softphone 9.1\r
                c=IN IP4 %1$s\r
                t=0 0\r
                m=audio %2$d RTP/AVP 0 101\r
                a=rtpmap:0 PCMU/8000\r
                a=rtpmap:101 telephone-event/8000\r
                a=fmtp:101 0-16\r
                a=ptime:20\r
                a=sendrecv\r
                """.formatted(PHONE, phoneRtpPort));
        SipMsg invite = pbx.expectRequest("INVITE");
        String pbxSaw = invite.body();
        SipDialog callee = SipDialog.uas(pbx, invite, "pbx" + System.nanoTime());
        pbx.send(pbx.response(invite, 200, "OK", callee.localTag, "", "application/sdp", """
                v=0\r
                o=asterisk-pbx 1234 5678 IN IP4 %1$s\r
                s=Asterisk PBX 18.2.1\r
                c=IN IP4 %1$s\r
                t=0 0\r
                a=tool:Asterisk PBX 18\r
                m=audio %2$d RTP/AVP 0 101\r
                a=rtpmap:0 PCMU/8000\r
                a=rtpmap:101 telephone-event/8000\r
                a=fmtp:101 0-16\r
                a=ptime:20\r
                a=sendrecv\r
                """.formatted(PBX, pbxRtpPort)));
        SipMsg ok = caller.finalResponse("INVITE");
        assertEquals(200, ok.status(), ok.head());
        caller.confirm(ok);
        caller.ack(1);
        pbx.expectRequest("ACK");
        return new AnchoredCall(caller, invite, callee, relay(ok.body()), relay(pbxSaw), ok.body(), pbxSaw);
    }

    private static InetSocketAddress relay(String sdp) {
        Matcher port = PORT.matcher(sdp);
        Matcher address = CONNECTION.matcher(sdp);
        assertTrue(port.find() && address.find(), sdp);
        return new InetSocketAddress(address.group(1), Integer.parseInt(port.group(1)));
    }

    private static void hangUp(AnchoredCall call, SipPeer pbx) throws Exception {
        call.caller().send("BYE", "", "", "");
        SipMsg bye = pbx.expectRequest("BYE");
        pbx.send(pbx.response(bye, 200, "OK", call.callee().localTag, "", "", ""));
        assertEquals(200, call.caller().finalResponse("BYE").status());
    }

    @Test
    void carriesAudioBothWaysAndEachSideSeesOnlyTheSbc() throws Exception {
        try (SipPeer phone = phone(5062);
                SipPeer pbx = pbx();
                DatagramSocket phoneRtp = rtpSocket(PHONE, 40_000);
                DatagramSocket pbxRtp = rtpSocket(PBX, 50_000)) {
            AnchoredCall call = call(phone, pbx, 40_000, 50_000);

            assertEquals(OUTSIDE, call.relayForPhone().getAddress().getHostAddress());
            assertEquals(INSIDE, call.relayForPbx().getAddress().getHostAddress());
            for (String leak : List.of(PBX, "50000", "asterisk", "Asterisk")) {
                assertFalse(call.phoneSaw().contains(leak), () -> leak + " reached the phone:\n" + call.phoneSaw());
            }
            for (String leak : List.of(PHONE, "40000", "alice-phone", "Softphone")) {
                assertFalse(call.pbxSaw().contains(leak), () -> leak + " reached the PBX:\n" + call.pbxSaw());
            }
            assertTrue(call.phoneSaw().contains("a=fmtp:101 0-16") && call.phoneSaw().contains("a=ptime:20"),
                    "codecs and their parameters cross: " + call.phoneSaw());

            assertAudioBothWays(phoneRtp, call.relayForPhone(), pbxRtp, call.relayForPbx());

            hangUp(call, pbx);
        }
        assertEquals(0, sbc.b2bua().state().mediaSessions(), "the call's ports went back to the pool");
    }

    @Test
    void latchesToAPhoneBehindNatAndGivesAnAttackerNothing() throws Exception {
        try (SipPeer phone = phone(5064);
                SipPeer pbx = pbx();
                DatagramSocket natted = rtpSocket(PHONE, 40_010);
                DatagramSocket pbxRtp = rtpSocket(PBX, 50_010);
                DatagramSocket attacker = rtpSocket(ATTACKER, 40_000)) {
            // The phone's SDP says 40002; its NAT sends from 40010.
            AnchoredCall call = call(phone, pbx, 40_002, 50_010);

            byte[] first = rtp(1, 0x33333333, (byte) 'n');
            send(natted, first, call.relayForPhone());
            assertArrayEquals(first, receive(pbxRtp).orElseThrow(() -> new AssertionError("NATed audio lost")));
            byte[] back = rtp(1, 0x44444444, (byte) 'b');
            send(pbxRtp, back, call.relayForPbx());
            assertArrayEquals(back, receive(natted).orElseThrow(
                    () -> new AssertionError("the relay did not latch to where the phone really sends from")));

            byte[] injected = rtp(2, 0x66666666, (byte) 'A');
            for (int i = 0; i < 20; i++) {
                send(attacker, injected, call.relayForPhone());
                send(attacker, injected, call.relayForPbx());
            }
            byte[] more = rtp(2, 0x44444444, (byte) 'c');
            send(pbxRtp, more, call.relayForPbx());
            assertArrayEquals(more, receive(natted).orElseThrow(() -> new AssertionError("the call lost its audio")),
                    "the phone still gets the PBX's audio, nothing else");
            pbxRtp.setSoTimeout(300);
            attacker.setSoTimeout(300);
            assertTrue(receive(pbxRtp).isEmpty(), "the attacker injected audio into the call");
            assertTrue(receive(attacker).isEmpty(), "the attacker got audio out of the call");

            hangUp(call, pbx);
        }
    }

    private static String sdp(String ip, String owner, int port, String direction) {
        return "v=0\r\no=" + owner + " 1 1 IN IP4 " + ip + "\r\ns=" + owner + "\r\nc=IN IP4 " + ip
                + "\r\nt=0 0\r\nm=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=" + direction + "\r\n";
    }

    @Test
    void anchorsALateOfferWhoseAnswerComesInTheAck() throws Exception {
        try (SipPeer phone = phone(5066);
                SipPeer pbx = pbx();
                DatagramSocket phoneRtp = rtpSocket(PHONE, 40_020);
                DatagramSocket pbxRtp = rtpSocket(PBX, 50_020)) {
            SipDialog caller = dial(phone, "late-");
            caller.send("INVITE", "", "", "");
            SipMsg invite = pbx.expectRequest("INVITE");
            assertTrue(invite.body().isEmpty(), "no offer in the INVITE");
            SipDialog callee = SipDialog.uas(pbx, invite, "pbx-late");
            pbx.send(pbx.response(invite, 200, "OK", callee.localTag, "", "application/sdp",
                    sdp(PBX, "pbx-owner", 50_020, "sendrecv")));
            SipMsg ok = caller.finalResponse("INVITE");
            InetSocketAddress relayForPhone = relay(ok.body());
            assertEquals(OUTSIDE, relayForPhone.getAddress().getHostAddress(), "the offer in the 200 names the SBC");
            caller.confirm(ok);
            phone.send(caller.request("ACK", 1, phone.via(), "", "application/sdp",
                    sdp(PHONE, "phone-owner", 40_020, "sendrecv")));
            SipMsg ack = pbx.expectRequest("ACK");
            InetSocketAddress relayForPbx = relay(ack.body());
            assertEquals(INSIDE, relayForPbx.getAddress().getHostAddress(), "the answer in the ACK names the SBC");

            assertAudioBothWays(phoneRtp, relayForPhone, pbxRtp, relayForPbx);

            hangUp(new AnchoredCall(caller, invite, callee, relayForPhone, relayForPbx, ok.body(), ack.body()), pbx);
        }
    }

    @Test
    void keepsTheMediaRunningWhenAReinviteIsRefused() throws Exception {
        try (SipPeer phone = phone(5068);
                SipPeer pbx = pbx();
                DatagramSocket phoneRtp = rtpSocket(PHONE, 40_030);
                DatagramSocket pbxRtp = rtpSocket(PBX, 50_030);
                DatagramSocket pbxMoved = rtpSocket(PBX, 50_032)) {
            AnchoredCall call = call(phone, pbx, 40_030, 50_030);

            call.callee().send("INVITE", "", "application/sdp", sdp(PBX, "pbx-owner", 50_032, "sendrecv"));
            SipMsg reinvite = call.caller().expect("INVITE");
            assertEquals(call.relayForPhone().getPort(), relay(reinvite.body()).getPort(),
                    "the phone keeps its relay port: the PBX moving is the SBC's business");
            call.caller().answer(reinvite, 488, "Not Acceptable Here", "", "", "");
            SipMsg refused = call.callee().finalResponse("INVITE");
            assertEquals(488, refused.status());
            pbx.send(SipPeer.ackFor(new SipMsg(call.callee().request("INVITE", call.callee().cseq, refused.lines("Via")
                    .get(0), "", "", "")), refused));

            byte[] hello = rtp(1, 0x57575757, (byte) 'k');
            send(phoneRtp, hello, call.relayForPhone());
            assertArrayEquals(hello, receive(pbxRtp).orElseThrow(() -> new AssertionError("the old media stopped")));
            pbxMoved.setSoTimeout(300);
            assertTrue(receive(pbxMoved).isEmpty(), "media went where a refused offer pointed");

            hangUp(call, pbx);
        }
    }

    @Test
    void anchorsEarlyMediaBeforeTheAnswer() throws Exception {
        try (SipPeer phone = phone(5070);
                SipPeer pbx = pbx();
                DatagramSocket phoneRtp = rtpSocket(PHONE, 40_040);
                DatagramSocket pbxRtp = rtpSocket(PBX, 50_040)) {
            SipDialog caller = dial(phone, "early-");
            caller.send("INVITE", "", "application/sdp", sdp(PHONE, "phone-owner", 40_040, "sendrecv"));
            SipMsg invite = pbx.expectRequest("INVITE");
            SipDialog callee = SipDialog.uas(pbx, invite, "pbx-early");
            String answer = sdp(PBX, "pbx-owner", 50_040, "sendrecv");
            pbx.send(pbx.response(invite, 183, "Session Progress", callee.localTag, "", "application/sdp", answer));
            SipMsg progress = phone.expectResponse(183, "INVITE");
            InetSocketAddress relayForPhone = relay(progress.body());
            InetSocketAddress relayForPbx = relay(invite.body());

            byte[] ringback = rtp(1, 0x58585858, (byte) 'r');
            send(pbxRtp, ringback, relayForPbx);
            assertArrayEquals(ringback, receive(phoneRtp).orElseThrow(
                    () -> new AssertionError("no early media (ringback) before the answer")));

            pbx.send(pbx.response(invite, 200, "OK", callee.localTag, "", "application/sdp", answer));
            SipMsg ok = caller.finalResponse("INVITE");
            assertEquals(relayForPhone, relay(ok.body()), "the answer repeated in the 200 keeps the same port");
            caller.confirm(ok);
            caller.ack(1);
            pbx.expectRequest("ACK");
            assertAudioBothWays(phoneRtp, relayForPhone, pbxRtp, relayForPbx);
            hangUp(new AnchoredCall(caller, invite, callee, relayForPhone, relayForPbx, ok.body(), invite.body()), pbx);
        }
    }

    @Test
    void answers503WhenThePortsRunOutAndTheCallsUpKeepTheirAudio() throws Exception {
        String outside = "127.0.63.101";
        String inside = "127.0.63.111";
        Path config = Files.writeString(Files.createTempDirectory("media-small").resolve("sbc.yaml"), """
                outside:
                  listen: [udp:%s:5060]
                inside:
                  listen: [udp:%s:5070]
                  pbx: sip:%s:5082
                admin:
                  listen: %s:18464
                security:
                  trusted: [%s/32]
                b2bua:
                  keepalive_seconds: 0
                media:
                  ports: 31100-31103
                """.formatted(outside, inside, PBX, outside, PBX));
        try (SbcServer small = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)),
                    Optional.of(config));
                SipPeer phone = SipPeer.udp("alice", PHONE, 5072, new InetSocketAddress(outside, 5060));
                SipPeer pbx = SipPeer.udp("pbx", PBX, 5082, new InetSocketAddress(inside, 5070));
                DatagramSocket phoneRtp = rtpSocket(PHONE, 40_050);
                DatagramSocket pbxRtp = rtpSocket(PBX, 50_050)) {
            // Two RTP/RTCP pairs per address: two calls, one pair on each side each.
            List<SipMsg> invites = new java.util.ArrayList<>();
            List<SipDialog> callers = new java.util.ArrayList<>();
            for (int n = 0; n < 3; n++) {
                SipDialog caller = SipDialog.uac(phone, "full-" + n + "-" + System.nanoTime(), "sip:alice@" + PHONE,
                        "sip:bob@" + outside, "sip:bob@" + outside + ":5060");
                caller.send("INVITE", "", "application/sdp", sdp(PHONE, "phone-owner", 40_050 + 2 * n, "sendrecv"));
                callers.add(caller);
                if (n < 2) {
                    invites.add(pbx.expectRequest("INVITE"));
                }
            }
            SipMsg refused = callers.get(2).finalResponse("INVITE");
            assertEquals(503, refused.status(), refused.head());
            assertTrue(refused.head().contains("Retry-After: "), refused.head());
            phone.send(SipPeer.ackFor(new SipMsg(callers.get(2).request("INVITE", 1, refused.lines("Via").get(0), "",
                    "", "")), refused));

            SipMsg first = invites.get(0);
            pbx.send(pbx.response(first, 200, "OK", "pbx-full", "", "application/sdp",
                    sdp(PBX, "pbx-owner", 50_050, "sendrecv")));
            SipMsg ok = callers.get(0).finalResponse("INVITE");
            assertAudioBothWays(phoneRtp, relay(ok.body()), pbxRtp, relay(first.body()));
        }
    }

    /** A packet from the phone reaches the PBX, and one from the PBX reaches the phone, each unchanged. */
    private static void assertAudioBothWays(DatagramSocket phoneRtp, InetSocketAddress relayForPhone,
            DatagramSocket pbxRtp, InetSocketAddress relayForPbx) throws IOException {
        byte[] hello = rtp(1, 0x11111111, (byte) 'p');
        send(phoneRtp, hello, relayForPhone);
        assertArrayEquals(hello, receive(pbxRtp).orElseThrow(() -> new AssertionError("no audio reached the PBX")));
        byte[] back = rtp(1, 0x22222222, (byte) 'x');
        send(pbxRtp, back, relayForPbx);
        assertArrayEquals(back, receive(phoneRtp).orElseThrow(() -> new AssertionError("no audio reached the phone")));
    }

    private static DatagramSocket rtpSocket(String ip, int port) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), port));
        socket.setSoTimeout(2_000);
        return socket;
    }

    /** An RTP packet (RFC 3550 §5.1): version 2, PCMU, 160 bytes of {@code fill}. */
    private static byte[] rtp(int sequence, int ssrc, byte fill) {
        ByteBuffer packet = ByteBuffer.allocate(12 + 160);
        packet.put((byte) 0x80).put((byte) 0).putShort((short) sequence).putInt(sequence * 160).putInt(ssrc);
        while (packet.hasRemaining()) {
            packet.put(fill);
        }
        return packet.array();
    }

    private static void send(DatagramSocket socket, byte[] packet, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, to));
    }

    /** The next packet within the socket's timeout, or empty. */
    private static Optional<byte[]> receive(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        byte[] data = new byte[packet.getLength()];
        System.arraycopy(buffer, 0, data, 0, data.length);
        return Optional.of(data);
    }
}

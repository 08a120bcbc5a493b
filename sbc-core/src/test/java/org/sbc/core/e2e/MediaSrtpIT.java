package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.media.srtp.PacketBuffer;
import org.sbc.media.srtp.SdesCrypto;
import org.sbc.media.srtp.SrtpContext;
import org.sbc.media.srtp.SrtpStatus;
import org.sbc.media.srtp.SrtpSuite;

/**
 * SRTP through SIP on the default policy (outside {@code optional}, inside {@code off}): a phone
 * offering RTP/SAVP talks SRTP with the SBC's own key on its leg while the PBX talks plain RTP,
 * and a PBX whose re-INVITE offers SRTP gets 488 with a Warning, the call's audio untouched.
 */
class MediaSrtpIT {

    private static final String OUTSIDE = "127.0.68.1";
    private static final String INSIDE = "127.0.68.11";
    private static final String PHONE = "127.0.68.2";
    private static final String PBX = "127.0.68.3";
    private static final int PBX_PORT = 5080;
    private static final Pattern M_LINE = Pattern.compile("(?m)^m=audio (\\d+) (\\S+) ");
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+)");
    private static final Pattern CRYPTO = Pattern.compile("(?m)^a=crypto:(.*)$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static SbcServer sbc;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("media-srtp-it");
        Path config = Files.writeString(dir.resolve("sbc.yaml"), """
                outside:
                  listen: [udp:%s:5060]
                inside:
                  listen: [udp:%s:5070]
                  pbx: sip:%s:%d
                admin:
                  listen: %s:18466
                security:
                  trusted: [%s/32]
                b2bua:
                  keepalive_seconds: 0
                media:
                  ports: 31200-31299
                """.formatted(OUTSIDE, INSIDE, PBX, PBX_PORT, OUTSIDE, PBX));
        sbc = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)), Optional.of(config));
    }

    @AfterAll
    static void stop() {
        if (sbc != null) {
            sbc.close();
        }
    }

    @Test
    void anSrtpPhoneTalksToAPlainRtpPbxWithAKeyOfTheSbcsOwn() throws Exception {
        SdesCrypto phoneKey = SdesCrypto.generate(5, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        try (SipPeer phone = SipPeer.udp("alice", PHONE, 5062, new InetSocketAddress(OUTSIDE, 5060));
                SipPeer pbx = SipPeer.udp("pbx", PBX, PBX_PORT, new InetSocketAddress(INSIDE, 5070));
                DatagramSocket phoneRtp = rtpSocket(PHONE, 40_100);
                DatagramSocket pbxRtp = rtpSocket(PBX, 50_100)) {
            Call call = call(phone, pbx, 40_100, 50_100, "RTP/SAVP", phoneKey);

            assertEquals("RTP/AVP", proto(call.pbxSaw()), call.pbxSaw());
            assertFalse(call.pbxSaw().contains("a=crypto"), "no key reaches the PBX:\n" + call.pbxSaw());
            assertEquals("RTP/SAVP", proto(call.phoneSaw()), call.phoneSaw());
            List<SdesCrypto> sbcKeys = cryptos(call.phoneSaw());
            assertEquals(1, sbcKeys.size(), call.phoneSaw());
            assertEquals(5, sbcKeys.get(0).tag());
            assertNotEquals(phoneKey.masterKey(), sbcKeys.get(0).masterKey());

            SrtpContext phoneSends = SrtpContext.sender(phoneKey.masterKey());
            SrtpContext phoneReceives = SrtpContext.receiver(sbcKeys.get(0).masterKey());
            for (int sequence = 1; sequence <= 5; sequence++) {
                byte[] voice = rtp(sequence, 0x0A0A0A0A, (byte) 'v');
                send(phoneRtp, protect(phoneSends, voice), relay(call.phoneSaw()));
                assertArrayEquals(voice, receive(pbxRtp), "the PBX gets plain RTP, packet " + sequence);

                byte[] back = rtp(sequence, 0x0B0B0B0B, (byte) 'b');
                send(pbxRtp, back, relay(call.pbxSaw()));
                byte[] secured = receive(phoneRtp);
                assertFalse(Arrays.equals(back, secured), "the phone's leg carries SRTP");
                PacketBuffer packet = PacketBuffer.of(secured);
                assertEquals(SrtpStatus.OK, phoneReceives.unprotect(packet), "packet " + sequence);
                assertArrayEquals(back, packet.toByteArray());
            }

            // A packet that is not authenticated by the phone's key goes nowhere.
            byte[] forged = protect(SrtpContext.sender(SdesCrypto.generate(5, SrtpSuite.AES_CM_128_HMAC_SHA1_80,
                    RANDOM).masterKey()), rtp(6, 0x0A0A0A0A, (byte) 'f'));
            send(phoneRtp, forged, relay(call.phoneSaw()));
            pbxRtp.setSoTimeout(300);
            assertThrowsTimeout(pbxRtp);

            hangUp(call, pbx);
        }
        assertEquals(0, sbc.b2bua().state().mediaSessions(), "the call's ports went back to the pool");
    }

    @Test
    void aPbxReofferOfSrtpIsRefusedWithAWarningAndTheAudioGoesOn() throws Exception {
        try (SipPeer phone = SipPeer.udp("alice", PHONE, 5064, new InetSocketAddress(OUTSIDE, 5060));
                SipPeer pbx = SipPeer.udp("pbx", PBX, PBX_PORT, new InetSocketAddress(INSIDE, 5070));
                DatagramSocket phoneRtp = rtpSocket(PHONE, 40_110);
                DatagramSocket pbxRtp = rtpSocket(PBX, 50_110)) {
            Call call = call(phone, pbx, 40_110, 50_110, "RTP/AVP", null);
            assertEquals("RTP/AVP", proto(call.phoneSaw()));

            SdesCrypto pbxKey = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
            call.callee().send("INVITE", "", "application/sdp", sdp(PBX, 50_112, "RTP/SAVP", pbxKey));
            SipMsg refused = call.callee().finalResponse("INVITE");
            assertEquals(488, refused.status(), refused.head());
            String warning = refused.header("Warning");
            assertTrue(warning.startsWith("399 sbc \"Secure media not accepted here"), warning);
            assertFalse(warning.contains("127."), warning);
            pbx.send(SipPeer.ackFor(new SipMsg(call.callee().request("INVITE", call.callee().cseq,
                    refused.lines("Via").get(0), "", "", "")), refused));

            byte[] hello = rtp(1, 0x0C0C0C0C, (byte) 'k');
            send(phoneRtp, hello, relay(call.phoneSaw()));
            assertArrayEquals(hello, receive(pbxRtp), "the old media keeps running");

            hangUp(call, pbx);
        }
    }

    private record Call(SipDialog caller, SipDialog callee, String phoneSaw, String pbxSaw) {}

    private static Call call(SipPeer phone, SipPeer pbx, int phoneRtpPort, int pbxRtpPort, String proto,
            SdesCrypto key) throws Exception {
        SipDialog caller = SipDialog.uac(phone, "srtp-" + System.nanoTime(), "sip:alice@" + PHONE,
                "sip:bob@" + OUTSIDE, "sip:bob@" + OUTSIDE + ":5060");
        caller.send("INVITE", "", "application/sdp", sdp(PHONE, phoneRtpPort, proto, key));
        SipMsg invite = pbx.expectRequest("INVITE");
        SipDialog callee = SipDialog.uas(pbx, invite, "pbx" + System.nanoTime());
        pbx.send(pbx.response(invite, 200, "OK", callee.localTag, "", "application/sdp",
                sdp(PBX, pbxRtpPort, "RTP/AVP", null)));
        SipMsg ok = caller.finalResponse("INVITE");
        assertEquals(200, ok.status(), ok.head());
        caller.confirm(ok);
        caller.ack(1);
        pbx.expectRequest("ACK");
        return new Call(caller, callee, ok.body(), invite.body());
    }

    private static String sdp(String ip, int port, String proto, SdesCrypto key) {
        return "v=0\r\no=- 7 7 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\nm=audio " + port + " "
                + proto + " 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n"
                + (key == null ? "" : "a=crypto:" + key.format() + "\r\n");
    }

    private static void hangUp(Call call, SipPeer pbx) throws Exception {
        call.caller().send("BYE", "", "", "");
        SipMsg bye = pbx.expectRequest("BYE");
        pbx.send(pbx.response(bye, 200, "OK", call.callee().localTag, "", "", ""));
        assertEquals(200, call.caller().finalResponse("BYE").status());
    }

    private static String proto(String sdp) {
        Matcher m = M_LINE.matcher(sdp);
        assertTrue(m.find(), sdp);
        return m.group(2);
    }

    private static InetSocketAddress relay(String sdp) {
        Matcher port = M_LINE.matcher(sdp);
        Matcher address = CONNECTION.matcher(sdp);
        assertTrue(port.find() && address.find(), sdp);
        return new InetSocketAddress(address.group(1), Integer.parseInt(port.group(1)));
    }

    private static List<SdesCrypto> cryptos(String sdp) {
        return CRYPTO.matcher(sdp).results()
                .map(m -> SdesCrypto.parse(m.group(1).trim()).crypto().orElseThrow()).toList();
    }

    private static byte[] protect(SrtpContext context, byte[] rtp) {
        PacketBuffer packet = PacketBuffer.copyOf(rtp, 16);
        assertEquals(SrtpStatus.OK, context.protect(packet));
        return packet.toByteArray();
    }

    private static byte[] rtp(int sequence, int ssrc, byte fill) {
        ByteBuffer packet = ByteBuffer.allocate(12 + 160);
        packet.put((byte) 0x80).put((byte) 0).putShort((short) sequence).putInt(sequence * 160).putInt(ssrc);
        while (packet.hasRemaining()) {
            packet.put(fill);
        }
        return packet.array();
    }

    private static DatagramSocket rtpSocket(String ip, int port) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), port));
        socket.setSoTimeout(2_000);
        return socket;
    }

    private static void send(DatagramSocket socket, byte[] packet, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, to));
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    private static void assertThrowsTimeout(DatagramSocket socket) {
        try {
            byte[] got = receive(socket);
            throw new AssertionError("a forged SRTP packet was relayed: " + got.length + " octets");
        } catch (SocketTimeoutException expected) {
            // nothing came: right
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

package org.sbc.core.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.MediaConfig;
import org.sbc.core.config.MediaConfig.SrtpPolicy;
import org.sbc.core.media.CallMedia.Outcome;
import org.sbc.core.media.CallMedia.Result;
import org.sbc.media.srtp.PacketBuffer;
import org.sbc.media.srtp.SdesCrypto;
import org.sbc.media.srtp.SrtpContext;
import org.sbc.media.srtp.SrtpStatus;
import org.sbc.media.srtp.SrtpSuite;

/**
 * SRTP offer/answer under each side's policy, through a real relay on loopback: who gets which
 * profile and key, which offers are refused and why, and that packets are really decrypted on one
 * leg and encrypted on the other with keys of the SBC's own.
 */
class CallMediaSrtpTest {

    private static final String OUTSIDE = "127.0.67.1";
    private static final String INSIDE = "127.0.67.11";
    private static final String PHONE = "127.0.67.2";
    private static final String PBX = "127.0.67.3";
    private static final Pattern M_LINE = Pattern.compile("(?m)^m=audio (\\d+) (\\S+) ");
    private static final Pattern CRYPTO = Pattern.compile("(?m)^a=crypto:(.*)$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private MediaAnchoring anchoring;

    private CallMedia open(int portMin, SrtpPolicy outside, SrtpPolicy inside) {
        anchoring = MediaAnchoring.start(MediaConfig.DEFAULT.withPorts(portMin, portMin + 99).withSrtp(outside, inside),
                address(OUTSIDE), address(INSIDE));
        return anchoring.open(() -> { }).orElseThrow();
    }

    @AfterEach
    void stop() {
        if (anchoring != null) {
            anchoring.close();
        }
    }

    @Test
    void aPhoneTalkingSrtpReachesAPbxTalkingRtpAndBack() throws Exception {
        CallMedia media = open(32_500, SrtpPolicy.OPTIONAL, SrtpPolicy.OFF);
        SdesCrypto phoneKey = SdesCrypto.generate(7, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        try (DatagramSocket phone = socket(PHONE, 41_100); DatagramSocket pbx = socket(PBX, 51_100)) {
            Result offer = media.offer(true, sdp(PHONE, 41_100, "RTP/SAVP", phoneKey));
            assertEquals("RTP/AVP", proto(offer), offer.sdp());
            assertTrue(cryptos(offer).isEmpty(), "the PBX gets no key: " + offer.sdp());

            Result answer = media.answer(false, sdp(PBX, 51_100, "RTP/AVP", null), false);
            assertEquals("RTP/SAVP", proto(answer), answer.sdp());
            List<SdesCrypto> ours = cryptos(answer);
            assertEquals(1, ours.size(), answer.sdp());
            assertEquals(7, ours.get(0).tag(), "the answer takes the offer's tag (RFC 4568 §5.1.2)");
            assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_80, ours.get(0).suite());
            assertNotEquals(phoneKey.masterKey(), ours.get(0).masterKey(), "a key of the SBC's own");

            byte[] voice = rtp(1, 0x1234);
            phone.send(datagram(protect(phoneKey, voice), OUTSIDE, port(answer)));
            assertArrayEquals(voice, receive(pbx), "the PBX gets the phone's RTP decrypted");

            byte[] back = rtp(1, 0x5678);
            pbx.send(datagram(back, INSIDE, port(offer)));
            byte[] secured = receive(phone);
            assertFalse(Arrays.equals(back, secured), "the phone's leg is encrypted");
            assertArrayEquals(back, unprotect(ours.get(0), secured), "with the key the SBC gave the phone");
        } finally {
            media.close();
        }
    }

    @Test
    void aPhoneOfferingRtpGetsRtpWhenSrtpIsOptional() throws Exception {
        CallMedia media = open(32_600, SrtpPolicy.OPTIONAL, SrtpPolicy.OFF);
        try {
            Result offer = media.offer(true, sdp(PHONE, 41_110, "RTP/AVP", null));
            assertEquals("RTP/AVP", proto(offer));
            Result answer = media.answer(false, sdp(PBX, 51_110, "RTP/AVP", null), false);
            assertEquals("RTP/AVP", proto(answer));
            assertTrue(cryptos(answer).isEmpty(), answer.sdp());
        } finally {
            media.close();
        }
    }

    @Test
    void bestEffortSrtpIsAnsweredInTheProfileItWasOfferedIn() throws Exception {
        CallMedia media = open(32_700, SrtpPolicy.OPTIONAL, SrtpPolicy.OFF);
        SdesCrypto phoneKey = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_32, RANDOM);
        try {
            media.offer(true, sdp(PHONE, 41_120, "RTP/AVP", phoneKey));
            Result answer = media.answer(false, sdp(PBX, 51_120, "RTP/AVP", null), false);
            assertEquals("RTP/AVP", proto(answer), "RFC 3264: the answer repeats the offer's proto");
            assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_32, cryptos(answer).get(0).suite());
        } finally {
            media.close();
        }
    }

    @Test
    void eachPolicyRefusesWhatItCannotCarryWithAWarningThatNamesNoHost() {
        CallMedia required = open(32_800, SrtpPolicy.REQUIRED, SrtpPolicy.OFF);
        Result plain = required.offer(true, sdp(PHONE, 41_130, "RTP/AVP", null));
        assertEquals(Outcome.NOT_ACCEPTABLE, plain.outcome());
        assertEquals(SrtpTerms.REQUIRED, plain.warning());

        Result pbxSrtp = required.offer(false,
                sdp(PBX, 51_130, "RTP/SAVP", SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM)));
        assertEquals(Outcome.NOT_ACCEPTABLE, pbxSrtp.outcome(), "inside srtp: off");
        assertEquals(SrtpTerms.NOT_ACCEPTED, pbxSrtp.warning());

        Result dtls = required.offer(true, sdp(PHONE, 41_130, "UDP/TLS/RTP/SAVP", null));
        assertEquals(SrtpTerms.UNSUPPORTED_PROFILE, dtls.warning());

        Result unknownSuite = required.offer(true, sdp(PHONE, 41_130, "RTP/SAVP", null)
                + "a=crypto:1 F8_128_HMAC_SHA1_80 inline:MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm\r\n");
        assertEquals(SrtpTerms.NO_USABLE_KEY, unknownSuite.warning());
        for (Result refused : List.of(plain, pbxSrtp, dtls, unknownSuite)) {
            assertNull(refused.sdp());
            assertFalse(refused.warning().contains("127."), refused.warning());
        }
        required.close();
    }

    @Test
    void aPbxOfferIsSecuredTowardsAPhoneThatMustTalkSrtp() throws Exception {
        CallMedia media = open(32_900, SrtpPolicy.REQUIRED, SrtpPolicy.OFF);
        SdesCrypto phoneKey = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        try (DatagramSocket phone = socket(PHONE, 41_140); DatagramSocket pbx = socket(PBX, 51_140)) {
            Result offer = media.offer(false, sdp(PBX, 51_140, "RTP/AVP", null));
            assertEquals("RTP/SAVP", proto(offer), offer.sdp());
            SdesCrypto ours = cryptos(offer).get(0);
            assertEquals(SrtpTerms.OFFER_TAG, ours.tag());

            Result answer = media.answer(true, sdp(PHONE, 41_140, "RTP/SAVP", phoneKey), false);
            assertEquals("RTP/AVP", proto(answer));
            assertTrue(cryptos(answer).isEmpty());

            byte[] voice = rtp(3, 0x4242);
            phone.send(datagram(protect(phoneKey, voice), OUTSIDE, port(offer)));
            assertArrayEquals(voice, receive(pbx));
            pbx.send(datagram(voice, INSIDE, port(answer)));
            assertArrayEquals(voice, unprotect(ours, receive(phone)));
        } finally {
            media.close();
        }
    }

    @Test
    void anAnswerWithoutAUsableKeyOrWithOurOwnIsNotCarried() throws Exception {
        CallMedia media = open(33_000, SrtpPolicy.REQUIRED, SrtpPolicy.OFF);
        try {
            Result offer = media.offer(false, sdp(PBX, 51_150, "RTP/AVP", null));
            Result noKey = media.answer(true, sdp(PHONE, 41_150, "RTP/SAVP", null), false);
            assertEquals(Outcome.ANCHORED, noKey.outcome());
            assertEquals(0, port(noKey), "declined towards the PBX: " + noKey.sdp());

            media.offer(false, sdp(PBX, 51_150, "RTP/AVP", null));
            Result echo = media.answer(true, sdp(PHONE, 41_150, "RTP/SAVP", cryptos(offer).get(0)), false);
            assertEquals(0, port(echo), "our own key sent back is refused: " + echo.sdp());
        } finally {
            media.close();
        }
    }

    @Test
    void keysStayTheSameAcrossARepeatedAnswerAndAReoffer() throws Exception {
        CallMedia media = open(33_100, SrtpPolicy.OPTIONAL, SrtpPolicy.OFF);
        SdesCrypto phoneKey = SdesCrypto.generate(2, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        try {
            media.offer(true, sdp(PHONE, 41_160, "RTP/SAVP", phoneKey));
            SdesCrypto early = cryptos(media.answer(false, sdp(PBX, 51_160, "RTP/AVP", null), true)).get(0);
            SdesCrypto answered = cryptos(media.answer(false, sdp(PBX, 51_160, "RTP/AVP", null), false)).get(0);
            assertEquals(early, answered, "the 200 repeats the 183's answer");
            media.offer(true, sdp(PHONE, 41_160, "RTP/SAVP", phoneKey));
            SdesCrypto again = cryptos(media.answer(false, sdp(PBX, 51_160, "RTP/AVP", null), false)).get(0);
            assertEquals(answered, again);
        } finally {
            media.close();
        }
    }

    @Test
    void aPlainReofferFromThePbxKeepsThePhonesLegOnSrtp() throws Exception {
        CallMedia media = open(33_200, SrtpPolicy.OPTIONAL, SrtpPolicy.OFF);
        SdesCrypto phoneKey = SdesCrypto.generate(4, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        try (DatagramSocket phone = socket(PHONE, 41_170); DatagramSocket pbx = socket(PBX, 51_170)) {
            media.offer(true, sdp(PHONE, 41_170, "RTP/SAVP", phoneKey));
            media.answer(false, sdp(PBX, 51_170, "RTP/AVP", null), false);

            Result reoffer = media.offer(false, sdp(PBX, 51_172, "RTP/AVP", null));
            assertEquals("RTP/SAVP", proto(reoffer), "the phone's leg stays secure: " + reoffer.sdp());
            SdesCrypto ours = cryptos(reoffer).get(0);
            SdesCrypto phoneAgain = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
            Result answer = media.answer(true, sdp(PHONE, 41_170, "RTP/SAVP", phoneAgain), false);
            assertEquals("RTP/AVP", proto(answer));

            try (DatagramSocket pbxMoved = socket(PBX, 51_172)) {
                byte[] voice = rtp(9, 0x0D0D0D0D);
                phone.send(datagram(protect(phoneAgain, voice), OUTSIDE, port(reoffer)));
                assertArrayEquals(voice, receive(pbxMoved), "decrypted with the phone's new key");
                pbxMoved.send(datagram(voice, INSIDE, port(answer)));
                assertArrayEquals(voice, unprotect(ours, receive(phone)));
            }
        } finally {
            media.close();
        }
    }

    private static String sdp(String ip, int port, String proto, SdesCrypto key) {
        return "v=0\r\no=- 1 1 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\nm=audio " + port
                + " " + proto + " 0\r\na=sendrecv\r\n" + (key == null ? "" : "a=crypto:" + key.format() + "\r\n");
    }

    private static String proto(Result result) {
        Matcher m = mLine(result);
        return m.group(2);
    }

    private static int port(Result result) {
        return Integer.parseInt(mLine(result).group(1));
    }

    private static Matcher mLine(Result result) {
        assertEquals(Outcome.ANCHORED, result.outcome());
        Matcher m = M_LINE.matcher(result.sdp());
        assertTrue(m.find(), result.sdp());
        return m;
    }

    private static List<SdesCrypto> cryptos(Result result) {
        return CRYPTO.matcher(result.sdp()).results()
                .map(m -> SdesCrypto.parse(m.group(1).trim()).crypto().orElseThrow()).toList();
    }

    private static byte[] rtp(int sequence, int ssrc) {
        byte[] packet = new byte[172];
        packet[0] = (byte) 0x80;
        packet[3] = (byte) sequence;
        packet[8] = (byte) (ssrc >>> 24);
        packet[9] = (byte) (ssrc >>> 16);
        packet[10] = (byte) (ssrc >>> 8);
        packet[11] = (byte) ssrc;
        for (int i = 12; i < packet.length; i++) {
            packet[i] = (byte) i;
        }
        return packet;
    }

    private static byte[] protect(SdesCrypto key, byte[] rtp) {
        PacketBuffer packet = PacketBuffer.copyOf(rtp, 16);
        assertEquals(SrtpStatus.OK, SrtpContext.sender(key.masterKey()).protect(packet));
        return packet.toByteArray();
    }

    private static byte[] unprotect(SdesCrypto key, byte[] srtp) {
        PacketBuffer packet = PacketBuffer.of(srtp.clone());
        assertEquals(SrtpStatus.OK, SrtpContext.receiver(key.masterKey()).unprotect(packet));
        return packet.toByteArray();
    }

    private static DatagramSocket socket(String ip, int port) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address(ip), port));
        socket.setSoTimeout(2_000);
        return socket;
    }

    private static DatagramPacket datagram(byte[] data, String ip, int port) {
        return new DatagramPacket(data, data.length, new InetSocketAddress(address(ip), port));
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

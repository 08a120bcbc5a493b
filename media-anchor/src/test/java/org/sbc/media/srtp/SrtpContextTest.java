package org.sbc.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SrtpContextTest {

    private final Random random = new Random(42);
    private final SrtpMasterKey key = SrtpMasterKey.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80, bytes(30));

    @Test
    void aHeaderClaimingMoreCsrcsThanThePacketHasIsMalformed() {
        byte[] packet = Packets.rtp(random, 1, 1, 0, -1, 0);
        packet[0] = (byte) 0x8f; // 15 CSRCs, 60 octets that are not there
        assertEquals(SrtpStatus.MALFORMED, SrtpContext.sender(key).protect(PacketBuffer.copyOf(packet, 10)));
        assertEquals(SrtpStatus.MALFORMED, SrtpContext.receiver(key).unprotect(PacketBuffer.copyOf(packet, 10)));
    }

    @Test
    void anExtensionLongerThanThePacketIsMalformedAndOneThatFitsIsNot() {
        byte[] packet = Packets.rtp(random, 1, 1, 2, 3, 0); // 12 + 8 + 4 + 12 octets, no payload
        assertEquals(SrtpStatus.OK, SrtpContext.sender(key).protect(PacketBuffer.copyOf(packet, 10)));
        packet[12 + 8 + 3] = 4; // one word more than there is
        assertEquals(SrtpStatus.MALFORMED, SrtpContext.sender(key).protect(PacketBuffer.copyOf(packet, 10)));
        byte[] noRoomForTheExtensionHeader = Packets.rtp(random, 1, 1, 0, -1, 2);
        noRoomForTheExtensionHeader[0] |= 0x10;
        assertEquals(SrtpStatus.MALFORMED, SrtpContext.sender(key).protect(PacketBuffer.copyOf(noRoomForTheExtensionHeader, 10)));
    }

    @Test
    void aProtectedHeaderOnlyPacketRoundTripsAndTheHeaderStaysClear() {
        byte[] plain = Packets.rtp(random, 7, 100, 3, 2, 0);
        PacketBuffer packet = PacketBuffer.copyOf(plain, 10);
        assertEquals(SrtpStatus.OK, SrtpContext.sender(key).protect(packet));
        assertEquals(plain.length + 10, packet.length());
        assertEquals(SrtpStatus.OK, SrtpContext.receiver(key).unprotect(packet));
        assertArrayEquals(plain, packet.toByteArray());
    }

    @Test
    void shortPacketsAndOtherVersionsAreMalformed() {
        SrtpContext receiver = SrtpContext.receiver(key);
        for (int length = 0; length < 22; length++) {
            byte[] packet = new byte[length];
            if (length > 0) {
                packet[0] = (byte) 0x80;
            }
            assertEquals(SrtpStatus.MALFORMED, receiver.unprotect(PacketBuffer.of(packet)), "length " + length);
        }
        byte[] version1 = Packets.rtp(random, 1, 1, 0, -1, 40);
        version1[0] = 0x40;
        assertEquals(SrtpStatus.MALFORMED, receiver.unprotect(PacketBuffer.of(version1)));
    }

    @Test
    void protectNeedsRoomForTheTag() {
        byte[] plain = Packets.rtp(random, 1, 1, 0, -1, 20);
        assertEquals(SrtpStatus.NO_ROOM, SrtpContext.sender(key).protect(PacketBuffer.copyOf(plain, 9)));
        assertEquals(SrtpStatus.OK, SrtpContext.sender(key).protect(PacketBuffer.copyOf(plain, 10)));
    }

    @Test
    void worksOnASliceInTheMiddleOfAnArray() {
        byte[] plain = Packets.rtp(random, 1, 1, 1, 1, 33);
        byte[] array = new byte[plain.length + 100];
        System.arraycopy(plain, 0, array, 40, plain.length);
        PacketBuffer packet = PacketBuffer.of(array, 40, plain.length);
        assertEquals(SrtpStatus.OK, SrtpContext.sender(key).protect(packet));
        assertEquals(SrtpStatus.OK, SrtpContext.receiver(key).unprotect(packet));
        assertArrayEquals(plain, packet.toByteArray());
        assertEquals(40, packet.offset());
    }

    @Test
    void refusesNewSsrcsPastTheStreamLimitOnBothSides() {
        SrtpLimits limits = SrtpLimits.of(2, 64);
        SrtpContext sender = SrtpContext.sender(key, limits);
        SrtpContext receiver = SrtpContext.receiver(key, limits);
        for (int ssrc = 1; ssrc <= 2; ssrc++) {
            PacketBuffer packet = PacketBuffer.copyOf(Packets.rtp(random, ssrc, 1, 0, -1, 10), 10);
            assertEquals(SrtpStatus.OK, sender.protect(packet));
            assertEquals(SrtpStatus.OK, receiver.unprotect(packet));
        }
        assertEquals(SrtpStatus.STREAM_LIMIT, sender.protect(PacketBuffer.copyOf(Packets.rtp(random, 3, 1, 0, -1, 10), 10)));
        SrtpContext otherSender = SrtpContext.sender(key);
        PacketBuffer third = PacketBuffer.copyOf(Packets.rtp(random, 3, 1, 0, -1, 10), 10);
        otherSender.protect(third);
        assertEquals(SrtpStatus.STREAM_LIMIT, receiver.unprotect(third));
        // Known streams go on.
        PacketBuffer again = PacketBuffer.copyOf(Packets.rtp(random, 1, 2, 0, -1, 10), 10);
        assertEquals(SrtpStatus.OK, sender.protect(again));
        assertEquals(SrtpStatus.OK, receiver.unprotect(again));
        assertEquals(2, receiver.streams());
    }

    @Test
    void aForgedPacketCreatesNoStream() {
        SrtpContext receiver = SrtpContext.receiver(key);
        byte[] forged = Packets.rtp(random, 99, 1, 0, -1, 30); // random "tag"
        assertEquals(SrtpStatus.AUTH_FAIL, receiver.unprotect(PacketBuffer.of(forged)));
        assertEquals(0, receiver.streams());
        assertEquals(OptionalLong.empty(), receiver.rolloverCounter(99));
    }

    @Test
    void aPacketKeyedDifferentlyFailsAuthentication() {
        PacketBuffer packet = PacketBuffer.copyOf(Packets.rtp(random, 1, 1, 0, -1, 10), 10);
        SrtpContext.sender(key).protect(packet);
        SrtpMasterKey other = SrtpMasterKey.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80, bytes(30));
        assertEquals(SrtpStatus.AUTH_FAIL, SrtpContext.receiver(other).unprotect(packet));
    }

    @Test
    void aPacketFromBeforeTheStreamBeganIsAReplay() {
        SrtpContext sender = SrtpContext.sender(key);
        SrtpContext receiver = SrtpContext.receiver(key);
        PacketBuffer first = PacketBuffer.copyOf(Packets.rtp(random, 1, 5, 0, -1, 10), 10);
        assertEquals(SrtpStatus.OK, sender.protect(first));
        assertEquals(SrtpStatus.OK, receiver.unprotect(first));
        // SEQ 65530 after 5 at ROC 0 would need ROC -1.
        assertEquals(SrtpStatus.REPLAY_FAIL, sender.protect(PacketBuffer.copyOf(Packets.rtp(random, 1, 65530, 0, -1, 10), 10)));
    }

    @Test
    void refusesPacketsPastTheKeysLifetime() {
        SrtpMasterKey shortLived = key.withLifetime(3);
        SrtpContext sender = SrtpContext.sender(shortLived);
        SrtpContext receiver = SrtpContext.receiver(shortLived);
        for (int seq = 0; seq < 3; seq++) {
            PacketBuffer packet = PacketBuffer.copyOf(Packets.rtp(random, 1, seq, 0, -1, 10), 10);
            assertEquals(SrtpStatus.OK, sender.protect(packet));
            assertEquals(SrtpStatus.OK, receiver.unprotect(packet));
        }
        assertEquals(SrtpStatus.KEY_EXPIRED, sender.protect(PacketBuffer.copyOf(Packets.rtp(random, 1, 3, 0, -1, 10), 10)));
        assertEquals(3, receiver.packets());
    }

    @Test
    void theThirtyTwoBitSuiteAddsFourOctetsToSrtpAndFourteenToSrtcp() {
        SrtpMasterKey short32 = SrtpMasterKey.of(SrtpSuite.AES_CM_128_HMAC_SHA1_32, bytes(30));
        byte[] rtp = Packets.rtp(random, 1, 1, 0, -1, 50);
        PacketBuffer packet = PacketBuffer.copyOf(rtp, 20);
        assertEquals(SrtpStatus.OK, SrtpContext.sender(short32).protect(packet));
        assertEquals(rtp.length + 4, packet.length());
        byte[] rtcp = Packets.rtcp(random, 1, 7);
        PacketBuffer control = PacketBuffer.copyOf(rtcp, 20);
        assertEquals(SrtpStatus.OK, SrtcpContext.sender(short32).protect(control));
        assertEquals(rtcp.length + 4 + 10, control.length());
    }

    @Test
    void eachContextWorksInOneDirectionOnly() {
        PacketBuffer packet = PacketBuffer.copyOf(Packets.rtp(random, 1, 1, 0, -1, 10), 10);
        assertThrows(IllegalStateException.class, () -> SrtpContext.receiver(key).protect(packet));
        assertThrows(IllegalStateException.class, () -> SrtpContext.sender(key).unprotect(packet));
        assertThrows(IllegalStateException.class, () -> SrtcpContext.receiver(key).protect(packet));
        assertThrows(IllegalStateException.class, () -> SrtcpContext.sender(key).unprotect(packet));
    }

    @Test
    void noStringShowsTheKey() {
        SrtpContext sender = SrtpContext.sender(key);
        for (String text : new String[] {key.toString(), sender.toString(), SrtcpContext.receiver(key).toString(),
                KeyDerivation.srtp(key).toString(), SdesCrypto.of(1, key).toString()}) {
            assertFalse(text.contains(HexFormat.of().formatHex(key.key())), text);
            assertFalse(text.contains(Base64.getEncoder().encodeToString(key.keyAndSalt())), text);
            assertFalse(text.contains(java.util.Arrays.toString(key.key())), text);
        }
        assertTrue(key.toString().contains("hidden"));
    }

    @Test
    void limitsAreCheckedWithTheBadValueFirst() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SrtpLimits.of(0, 64));
        assertEquals("maxStreams: 0 (expected: 1..1024)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SrtpLimits.of(1, 32));
        assertThrows(IllegalArgumentException.class, () -> SrtpLimits.of(1, 192));
        assertThrows(IllegalArgumentException.class, () -> SrtpMasterKey.of(SrtpSuite.AEAD_AES_128_GCM, bytes(30)));
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}

package org.sbc.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The AEAD_AES_128_GCM vectors of RFC 7714 §16 (SRTP) and §17 (SRTCP). They give the session key
 * and salt, not a master key, so they drive the transform, and the contexts through their
 * package-private constructor.
 *
 * <p>Source: RFC 7714 §16.1.1, §17.1 and §17.3. The hex was checked against three independent
 * transcriptions in public SRTP test suites (Go, Rust, C#), which agree byte for byte, and is
 * checked again here against the JDK's and Bouncy Castle's AES-GCM in {@link IndependentCrossCheckTest}.
 */
class Rfc7714VectorsTest {

    // §16: key 00..0f; salt "Quid pro quo".
    private static final SessionKeys KEYS = new SessionKeys(Hex.bytes("000102030405060708090a0b0c0d0e0f"), new byte[0],
            Hex.bytes("517569642070726f2071756f"));

    // §16: 12-octet header, payload "Gallia est omnis divisa in partes tres".
    private static final byte[] RTP = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 47616c6c
            69612065 7374206f 6d6e6973 20646976
            69736120 696e2070 61727465 73207472
            6573""");

    // §16.1.1: "Encrypted and tagged packet".
    private static final byte[] SRTP = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 f24de3a3
            fb34de6c acba861c 9d7e4bca be633bd5
            0d294e6f 42a5f47a 51c7d19b 36de3adf
            8833899d 7f27beb1 6a9152cf 765ee439
            0cce""");

    // §17: an SR with SSRC 4d617273, SRTCP index 000005d4.
    private static final byte[] RTCP = Hex.bytes("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef""");

    // §17.1: encrypted and tagged, E set.
    private static final byte[] SRTCP = Hex.bytes("""
            81c8000d 4d617273 63e94885 dcdab67c
            a727d766 2f6b7e99 7ff5c0f7 6c06f32d
            c676a5f1 730d6fda 4ce09b46 86303ded
            0bb9275b c84aa458 96cf4d2f c5abf872
            45d9eade 800005d4""");

    // §17.3: tagged only, E clear.
    private static final byte[] SRTCP_TAGGED = Hex.bytes("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef 841dd968 3dd78ec9 2ae58790
            125f62b3 000005d4""");

    private static final int RTP_SSRC = 0x5501a0b2;
    private static final int RTCP_SSRC = 0x4d617273;
    private static final int RTCP_INDEX = 0x5d4;

    @Test
    void protectsTheRtpPacketOf16_1_1() {
        byte[] packet = Arrays.copyOf(RTP, RTP.length + 16);
        new AesGcmTransform(KEYS).protectRtp(packet, 0, 12, RTP.length - 12, RTP_SSRC, 0xf17b);
        assertEquals(Hex.text(SRTP), Hex.text(packet));
    }

    @Test
    void unprotectsTheSrtpPacketOf16_1_1() {
        byte[] packet = SRTP.clone();
        assertTrue(new AesGcmTransform(KEYS).unprotectRtp(packet, 0, 12, SRTP.length - 12 - 16, RTP_SSRC, 0xf17b));
        assertArrayEquals(RTP, Arrays.copyOf(packet, RTP.length));
    }

    /** Through the contexts: a new stream starts at ROC 0, so the index is the SEQ, f17b. */
    @Test
    void contextsProduceAndAcceptThe16_1_1Packet() {
        SrtpContext sender = new SrtpContext(SrtpSuite.AEAD_AES_128_GCM, new AesGcmTransform(KEYS), true,
                SrtpLimits.DEFAULT, SrtpSuite.MAX_SRTP_PACKETS);
        PacketBuffer packet = PacketBuffer.copyOf(RTP, 16);
        assertEquals(SrtpStatus.OK, sender.protect(packet));
        assertEquals(Hex.text(SRTP), Hex.text(packet.toByteArray()));

        SrtpContext receiver = new SrtpContext(SrtpSuite.AEAD_AES_128_GCM, new AesGcmTransform(KEYS), false,
                SrtpLimits.DEFAULT, SrtpSuite.MAX_SRTP_PACKETS);
        PacketBuffer received = PacketBuffer.of(SRTP.clone());
        assertEquals(SrtpStatus.OK, receiver.unprotect(received));
        assertArrayEquals(RTP, received.toByteArray());
    }

    @Test
    void protectsTheRtcpPacketOf17_1() {
        byte[] packet = Arrays.copyOf(RTCP, RTCP.length + 20);
        new AesGcmTransform(KEYS).protectRtcp(packet, 0, RTCP.length, RTCP_SSRC, RTCP_INDEX, true);
        assertEquals(Hex.text(SRTCP), Hex.text(packet));
    }

    @Test
    void tagsTheRtcpPacketOf17_3WithoutEncrypting() {
        byte[] packet = Arrays.copyOf(RTCP, RTCP.length + 20);
        new AesGcmTransform(KEYS).protectRtcp(packet, 0, RTCP.length, RTCP_SSRC, RTCP_INDEX, false);
        assertEquals(Hex.text(SRTCP_TAGGED), Hex.text(packet));
    }

    /** The receiver reads E and the index from the trailer itself. */
    @Test
    void receiverAcceptsThePacketsOf17_1And17_3() {
        for (byte[] wire : new byte[][] {SRTCP, SRTCP_TAGGED}) {
            SrtcpContext receiver = new SrtcpContext(SrtpSuite.AEAD_AES_128_GCM, new AesGcmTransform(KEYS), false,
                    SrtpLimits.DEFAULT, SrtpSuite.MAX_SRTCP_PACKETS);
            PacketBuffer packet = PacketBuffer.of(wire.clone());
            assertEquals(SrtpStatus.OK, receiver.unprotect(packet));
            assertArrayEquals(RTCP, packet.toByteArray());
        }
    }

    @Test
    void refusesTheVectorsWithOneBitChanged() {
        byte[] srtp = SRTP.clone();
        srtp[20] ^= 1;
        assertFalse(new AesGcmTransform(KEYS).unprotectRtp(srtp, 0, 12, srtp.length - 28, RTP_SSRC, 0xf17b));
        // The index word is associated data: flipping E or the index must fail.
        for (int bit : new int[] {0x80, 0x01}) {
            byte[] srtcp = SRTCP.clone();
            srtcp[srtcp.length - (bit == 0x80 ? 4 : 1)] ^= (byte) bit;
            SrtcpContext receiver = new SrtcpContext(SrtpSuite.AEAD_AES_128_GCM, new AesGcmTransform(KEYS), false,
                    SrtpLimits.DEFAULT, SrtpSuite.MAX_SRTCP_PACKETS);
            assertEquals(SrtpStatus.AUTH_FAIL, receiver.unprotect(PacketBuffer.of(srtcp)));
        }
    }
}

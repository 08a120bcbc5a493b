package org.sbc.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

/**
 * The production path (the JDK's AES-CTR, HmacSHA1, AES-GCM) against packets built here from the
 * RFC formulas with Bouncy Castle's lightweight engines, an independent implementation. The IVs are
 * computed as the RFCs write them, with integer arithmetic (RFC 3711 §4.1.1:
 * IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16); RFC 7714 §8.1 and §9.1), not with the
 * transforms' octet twiddling; the session keys come from a Bouncy Castle PRF written from
 * RFC 3711 §4.3, not from {@link KeyDerivation}.
 */
class IndependentCrossCheckTest {

    private final Random random = new Random(3711);

    @Test
    void keyDerivationMatchesBouncyCastleForEveryLabelAndSaltLength() {
        for (SrtpSuite suite : SrtpSuite.values()) {
            for (int trial = 0; trial < 20; trial++) {
                SrtpMasterKey masterKey = SrtpMasterKey.of(suite, bytes(suite.keyAndSaltLength()));
                for (KeyDerivation.Label label : KeyDerivation.Label.values()) {
                    for (int length : new int[] {12, 14, 16, 20, 94}) {
                        assertEquals(Hex.text(bcPrf(masterKey, label.value, length)),
                                Hex.text(KeyDerivation.prf(masterKey, label, length)), suite + " " + label + " " + length);
                    }
                }
            }
        }
    }

    @Test
    void srtpAesCmMatchesBouncyCastleAcrossARolloverForBothTagLengths() {
        for (SrtpSuite suite : new SrtpSuite[] {SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AES_CM_128_HMAC_SHA1_32}) {
            SrtpMasterKey masterKey = SrtpMasterKey.of(suite, bytes(suite.keyAndSaltLength()));
            byte[] encryptionKey = bcPrf(masterKey, 0, 16);
            byte[] authKey = bcPrf(masterKey, 1, 20);
            byte[] salt = bcPrf(masterKey, 2, 14);
            SrtpContext sender = SrtpContext.sender(masterKey);
            int ssrc = random.nextInt();
            for (int n = 0; n < 300; n++) {
                int seq = (65400 + n) & 0xffff;
                long index = 65400L + n; // ROC becomes 1 at n = 136
                byte[] plain = Packets.rtp(random, ssrc, seq, random.nextInt(16), random.nextInt(3) - 1, random.nextInt(300));
                int header = Packets.headerLength(plain);

                PacketBuffer packet = PacketBuffer.copyOf(plain, suite.srtpTagLength());
                assertEquals(SrtpStatus.OK, sender.protect(packet));

                byte[] ciphertext = bcCtr(encryptionKey, cmIv(salt, ssrc, index), Arrays.copyOfRange(plain, header, plain.length));
                byte[] authenticated = concat(Arrays.copyOf(plain, header), ciphertext);
                byte[] tag = bcHmac(authKey, concat(authenticated, int32(index >>> 16))); // M || ROC, §4.2.1
                byte[] expected = concat(authenticated, Arrays.copyOf(tag, suite.srtpTagLength()));
                assertEquals(Hex.text(expected), Hex.text(packet.toByteArray()), suite + " packet " + n);
            }
        }
    }

    @Test
    void srtcpAesCmMatchesBouncyCastleWithAnEightyBitTagForBothSuites() {
        for (SrtpSuite suite : new SrtpSuite[] {SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AES_CM_128_HMAC_SHA1_32}) {
            SrtpMasterKey masterKey = SrtpMasterKey.of(suite, bytes(suite.keyAndSaltLength()));
            byte[] encryptionKey = bcPrf(masterKey, 3, 16);
            byte[] authKey = bcPrf(masterKey, 4, 20);
            byte[] salt = bcPrf(masterKey, 5, 14);
            SrtcpContext sender = SrtcpContext.sender(masterKey);
            int ssrc = random.nextInt();
            for (int index = 0; index < 50; index++) {
                byte[] plain = Packets.rtcp(random, ssrc, 2 + random.nextInt(60));
                PacketBuffer packet = PacketBuffer.copyOf(plain, suite.srtcpOverhead());
                assertEquals(SrtpStatus.OK, sender.protect(packet));

                byte[] ciphertext = bcCtr(encryptionKey, cmIv(salt, ssrc, index), Arrays.copyOfRange(plain, 8, plain.length));
                byte[] authenticated = concat(Arrays.copyOf(plain, 8), ciphertext, int32(0x80000000L | index));
                byte[] expected = concat(authenticated, Arrays.copyOf(bcHmac(authKey, authenticated), 10));
                assertEquals(Hex.text(expected), Hex.text(packet.toByteArray()), suite + " index " + index);
            }
        }
    }

    @Test
    void srtpGcmMatchesBouncyCastleAcrossARollover() throws Exception {
        SrtpMasterKey masterKey = SrtpMasterKey.of(SrtpSuite.AEAD_AES_128_GCM, bytes(28));
        byte[] key = bcPrf(masterKey, 0, 16);
        byte[] salt = bcPrf(masterKey, 2, 12);
        SrtpContext sender = SrtpContext.sender(masterKey);
        int ssrc = random.nextInt();
        for (int n = 0; n < 300; n++) {
            int seq = (65400 + n) & 0xffff;
            long index = 65400L + n;
            byte[] plain = Packets.rtp(random, ssrc, seq, random.nextInt(16), random.nextInt(3) - 1, random.nextInt(300));
            int header = Packets.headerLength(plain);
            PacketBuffer packet = PacketBuffer.copyOf(plain, 16);
            assertEquals(SrtpStatus.OK, sender.protect(packet));

            // RFC 7714 §8.1: (00 00 || SSRC || ROC || SEQ) XOR salt.
            BigInteger fields = BigInteger.valueOf(ssrc & 0xffffffffL).shiftLeft(48).or(BigInteger.valueOf(index));
            byte[] iv = octets(new BigInteger(1, salt).xor(fields), 12);
            byte[] sealed = bcGcm(key, iv, Arrays.copyOf(plain, header), Arrays.copyOfRange(plain, header, plain.length));
            assertEquals(Hex.text(concat(Arrays.copyOf(plain, header), sealed)), Hex.text(packet.toByteArray()), "packet " + n);
        }
    }

    @Test
    void srtcpGcmMatchesBouncyCastle() throws Exception {
        SrtpMasterKey masterKey = SrtpMasterKey.of(SrtpSuite.AEAD_AES_128_GCM, bytes(28));
        byte[] key = bcPrf(masterKey, 3, 16);
        byte[] salt = bcPrf(masterKey, 5, 12);
        SrtcpContext sender = SrtcpContext.sender(masterKey);
        int ssrc = random.nextInt();
        for (int index = 0; index < 50; index++) {
            byte[] plain = Packets.rtcp(random, ssrc, 2 + random.nextInt(60));
            PacketBuffer packet = PacketBuffer.copyOf(plain, 20);
            assertEquals(SrtpStatus.OK, sender.protect(packet));

            // RFC 7714 §9.1: (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt; §9.2: AAD = header || E || index.
            BigInteger fields = BigInteger.valueOf(ssrc & 0xffffffffL).shiftLeft(48).or(BigInteger.valueOf(index));
            byte[] iv = octets(new BigInteger(1, salt).xor(fields), 12);
            byte[] word = int32(0x80000000L | index);
            byte[] sealed = bcGcm(key, iv, concat(Arrays.copyOf(plain, 8), word), Arrays.copyOfRange(plain, 8, plain.length));
            assertEquals(Hex.text(concat(Arrays.copyOf(plain, 8), sealed, word)), Hex.text(packet.toByteArray()), "index " + index);
        }
    }

    /** Bouncy Castle on the RFC 7714 §16.1.1 inputs gives the transcribed packet: the vector is typed right. */
    @Test
    void bouncyCastleAgreesWithTheTranscribedRfc7714Vector() throws Exception {
        byte[] rtp = Hex.bytes("8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e697320646976"
                + "69736120696e20706172746573207472" + "6573");
        byte[] iv = Hex.bytes("51753c6580c2726f20718414"); // §16.1.1 prints this IV
        byte[] sealed = bcGcm(Hex.bytes("000102030405060708090a0b0c0d0e0f"), iv, Arrays.copyOf(rtp, 12),
                Arrays.copyOfRange(rtp, 12, rtp.length));
        assertEquals("f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce",
                Hex.text(sealed));
    }

    // --- Bouncy Castle, written from the RFC text ---

    /** RFC 3711 §4.3.1 and §4.3.3: x = (label || r) XOR master_salt, r = 0; keystream of AES-CM from x * 2^16. */
    private static byte[] bcPrf(SrtpMasterKey masterKey, int label, int length) {
        byte[] salt = Arrays.copyOf(masterKey.salt(), 14); // a 96-bit GCM salt, zero-padded to 112 bits as libSRTP does
        BigInteger x = new BigInteger(1, salt).xor(BigInteger.valueOf(label).shiftLeft(48));
        return bcCtr(masterKey.key(), octets(x.shiftLeft(16), 16), new byte[length]);
    }

    /** RFC 3711 §4.1.1. */
    private static byte[] cmIv(byte[] salt, int ssrc, long index) {
        BigInteger iv = new BigInteger(1, salt).shiftLeft(16)
                .xor(BigInteger.valueOf(ssrc & 0xffffffffL).shiftLeft(64))
                .xor(BigInteger.valueOf(index).shiftLeft(16));
        return octets(iv, 16);
    }

    private static byte[] bcCtr(byte[] key, byte[] iv, byte[] data) {
        SICBlockCipher ctr = new SICBlockCipher(AESEngine.newInstance());
        ctr.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[data.length];
        ctr.processBytes(data, 0, data.length, out, 0);
        return out;
    }

    private static byte[] bcHmac(byte[] key, byte[] data) {
        HMac hmac = new HMac(new SHA1Digest());
        hmac.init(new KeyParameter(key));
        hmac.update(data, 0, data.length);
        byte[] out = new byte[20];
        hmac.doFinal(out, 0);
        return out;
    }

    private static byte[] bcGcm(byte[] key, byte[] iv, byte[] aad, byte[] plaintext) throws Exception {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(key), 128, iv, aad));
        byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
        int written = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
        gcm.doFinal(out, written);
        return out;
    }

    // --- plumbing ---

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] octets(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    private static byte[] int32(long value) {
        return octets(BigInteger.valueOf(value & 0xffffffffL), 4);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

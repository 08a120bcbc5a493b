package org.sbc.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode (RFC 3711 §4.1.1) with HMAC-SHA1 tags truncated to 80 or 32 bits (§4.2.1):
 * the suites AES_CM_128_HMAC_SHA1_80 and _32.
 *
 * <p>Keystream block j is AES(k_e, IV + j) with IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR
 * (i * 2^16), i the SRTP index or the SRTCP index. SRTP's tag is over the header, the encrypted
 * payload and the ROC (§4.2.1: M = Authenticated Portion || ROC); SRTCP's is over the packet and
 * the E flag and index word, which precede the tag (§3.4, Figure 2).
 *
 * <p>The JDK's AES/CTR counts over all 128 bits where SRTP's counter is the low 16; they agree
 * because the low 16 bits of the IV are zero and a UDP payload is under 2^16 blocks.
 */
final class AesCmHmacSha1Transform implements PacketTransform {

    private static final int SALT_LENGTH = 14;
    private static final int E_FLAG = 0x80000000;

    private final int tagLength;
    private final SecretKeySpec key;
    private final byte[] salt;
    private final Cipher aes;
    private final Mac hmac;
    private final byte[] iv = new byte[16];
    private final byte[] mac = new byte[20];
    private final byte[] word = new byte[4];
    /** Cipher output, copied back: the JDK copies the input of an in-place call first, per packet. */
    private byte[] scratch = new byte[1500];

    AesCmHmacSha1Transform(SessionKeys keys, int tagLength) {
        if (keys.salt().length != SALT_LENGTH) {
            throw new IllegalArgumentException("salt: " + keys.salt().length + " octets (expected: " + SALT_LENGTH + ")");
        }
        this.tagLength = tagLength;
        this.key = new SecretKeySpec(keys.encryptionKey(), "AES");
        this.salt = keys.salt().clone();
        try {
            this.aes = Cipher.getInstance("AES/CTR/NoPadding");
            this.hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(keys.authKey(), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR or HmacSHA1 is missing from this JDK", e);
        }
    }

    @Override
    public int tagLength() {
        return tagLength;
    }

    @Override
    public void protectRtp(byte[] b, int offset, int payloadAt, int payloadLength, int ssrc, long index) {
        crypt(b, payloadAt, payloadLength, ssrc, index);
        int tagAt = payloadAt + payloadLength;
        rtpTag(b, offset, tagAt - offset, index);
        System.arraycopy(mac, 0, b, tagAt, tagLength);
    }

    @Override
    public boolean unprotectRtp(byte[] b, int offset, int payloadAt, int payloadLength, int ssrc, long index) {
        int tagAt = payloadAt + payloadLength;
        rtpTag(b, offset, tagAt - offset, index);
        if (!ConstantTime.equals(mac, 0, b, tagAt, tagLength)) {
            return false;
        }
        crypt(b, payloadAt, payloadLength, ssrc, index);
        return true;
    }

    @Override
    public void protectRtcp(byte[] b, int offset, int length, int ssrc, int index, boolean encrypt) {
        if (encrypt) {
            crypt(b, offset + 8, length - 8, ssrc, index);
        }
        RtpHeader.writeInt(b, offset + length, encrypt ? E_FLAG | index : index);
        rtcpTag(b, offset, length + 4);
        System.arraycopy(mac, 0, b, offset + length + 4, tagLength);
    }

    @Override
    public boolean unprotectRtcp(byte[] b, int offset, int length, int ssrc, int index, boolean encrypted) {
        rtcpTag(b, offset, length + 4);
        if (!ConstantTime.equals(mac, 0, b, offset + length + 4, tagLength)) {
            return false;
        }
        if (encrypted) {
            crypt(b, offset + 8, length - 8, ssrc, index);
        }
        return true;
    }

    @Override
    public int rtcpIndexWordAt(int protectedLength) {
        return protectedLength - tagLength - 4;
    }

    /** XORs the keystream for (ssrc, index) into b[at, at + length): encrypts and decrypts alike. */
    private void crypt(byte[] b, int at, int length, int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, SALT_LENGTH);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) {
            iv[13 - i] ^= (byte) (index >>> (8 * i));
        }
        if (scratch.length < length) {
            scratch = new byte[length]; // once per larger payload, at most 64 KiB
        }
        try {
            aes.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            aes.doFinal(b, at, length, scratch, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR failed", e);
        }
        System.arraycopy(scratch, 0, b, at, length);
    }

    /** HMAC-SHA1 over b[offset, offset + length) || ROC into {@link #mac}. */
    private void rtpTag(byte[] b, int offset, int length, long index) {
        RtpHeader.writeInt(word, 0, (int) (index >>> 16));
        hmac.update(b, offset, length);
        hmac.update(word, 0, 4);
        finish();
    }

    /** HMAC-SHA1 over b[offset, offset + length) into {@link #mac}. */
    private void rtcpTag(byte[] b, int offset, int length) {
        hmac.update(b, offset, length);
        finish();
    }

    private void finish() {
        try {
            hmac.doFinal(mac, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 failed", e);
        }
    }
}

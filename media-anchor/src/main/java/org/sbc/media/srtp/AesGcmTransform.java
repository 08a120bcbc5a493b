package org.sbc.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128-GCM for SRTP and SRTCP, RFC 7714 (AEAD_AES_128_GCM): a 16-octet tag that the cipher
 * computes and checks, no HMAC (§7.1).
 *
 * <ul>
 *   <li>SRTP (§8.1, §8.2): IV = (00 00 || SSRC || ROC || SEQ) XOR salt; the RTP header, CSRCs and
 *       extension included, is the associated data; the payload is encrypted; the tag follows it.
 *   <li>SRTCP (§9.1, §9.2, §9.3): IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt. With
 *       E set, the first 8 octets and the E flag and index word are associated data and the rest is
 *       encrypted; with E clear, the whole packet and the word are associated data and the plaintext
 *       is empty. The trailer is tag, then the word.
 * </ul>
 *
 * <p>The JDK refuses to encrypt twice in a row with one IV; the contexts never ask it to, since
 * they refuse a repeated index (§8.4, §9.4). A forged packet costs an {@link AEADBadTagException},
 * a few microseconds more than a tag mismatch would.
 */
final class AesGcmTransform implements PacketTransform {

    static final int TAG_LENGTH = 16;
    private static final int SALT_LENGTH = 12;
    private static final int E_FLAG = 0x80000000;

    private final SecretKeySpec key;
    private final byte[] salt;
    private final Cipher gcm;
    private final byte[] iv = new byte[SALT_LENGTH];
    private final byte[] word = new byte[4];

    AesGcmTransform(SessionKeys keys) {
        if (keys.salt().length != SALT_LENGTH) {
            throw new IllegalArgumentException("salt: " + keys.salt().length + " octets (expected: " + SALT_LENGTH + ")");
        }
        this.key = new SecretKeySpec(keys.encryptionKey(), "AES");
        this.salt = keys.salt().clone();
        try {
            this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is missing from this JDK", e);
        }
    }

    @Override
    public int tagLength() {
        return TAG_LENGTH;
    }

    @Override
    public void protectRtp(byte[] b, int offset, int payloadAt, int payloadLength, int ssrc, long index) {
        rtpIv(ssrc, index);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            gcm.updateAAD(b, offset, payloadAt - offset);
            gcm.doFinal(b, payloadAt, payloadLength, b, payloadAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal", e);
        }
    }

    @Override
    public boolean unprotectRtp(byte[] b, int offset, int payloadAt, int payloadLength, int ssrc, long index) {
        rtpIv(ssrc, index);
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            gcm.updateAAD(b, offset, payloadAt - offset);
            gcm.doFinal(b, payloadAt, payloadLength + TAG_LENGTH, b, payloadAt);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to open", e);
        }
    }

    @Override
    public void protectRtcp(byte[] b, int offset, int length, int ssrc, int index, boolean encrypt) {
        int value = encrypt ? E_FLAG | index : index;
        RtpHeader.writeInt(word, 0, value);
        rtcpIv(ssrc, index);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            if (encrypt) {
                gcm.updateAAD(b, offset, 8);
                gcm.updateAAD(word, 0, 4);
                gcm.doFinal(b, offset + 8, length - 8, b, offset + 8);
            } else {
                gcm.updateAAD(b, offset, length);
                gcm.updateAAD(word, 0, 4);
                gcm.doFinal(b, offset + length, 0, b, offset + length);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal", e);
        }
        RtpHeader.writeInt(b, offset + length + TAG_LENGTH, value);
    }

    @Override
    public boolean unprotectRtcp(byte[] b, int offset, int length, int ssrc, int index, boolean encrypted) {
        RtpHeader.writeInt(word, 0, encrypted ? E_FLAG | index : index);
        rtcpIv(ssrc, index);
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            if (encrypted) {
                gcm.updateAAD(b, offset, 8);
                gcm.updateAAD(word, 0, 4);
                gcm.doFinal(b, offset + 8, length - 8 + TAG_LENGTH, b, offset + 8);
            } else {
                gcm.updateAAD(b, offset, length);
                gcm.updateAAD(word, 0, 4);
                gcm.doFinal(b, offset + length, TAG_LENGTH, b, offset + length);
            }
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to open", e);
        }
    }

    @Override
    public int rtcpIndexWordAt(int protectedLength) {
        return protectedLength - 4;
    }

    private void rtpIv(int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, SALT_LENGTH);
        xorInt(2, ssrc);
        for (int i = 0; i < 6; i++) {
            iv[11 - i] ^= (byte) (index >>> (8 * i));
        }
    }

    private void rtcpIv(int ssrc, int index) {
        System.arraycopy(salt, 0, iv, 0, SALT_LENGTH);
        xorInt(2, ssrc);
        xorInt(8, index);
    }

    private void xorInt(int at, int value) {
        iv[at] ^= (byte) (value >>> 24);
        iv[at + 1] ^= (byte) (value >>> 16);
        iv[at + 2] ^= (byte) (value >>> 8);
        iv[at + 3] ^= (byte) value;
    }
}

package org.sbc.media.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session key derivation, RFC 3711 §4.3: the AES-CM PRF of §4.3.3 keyed with the master key, over
 * the master salt XORed with a label (§4.3.1), at key_derivation_rate 0 so that the index term r is
 * 0 and the keys are derived once, when the context is made (§4.3.1: "key_derivation_rate ... 0"
 * means one initial derivation; RFC 4568 §6.3.1 without KDR).
 *
 * <p>The PRF input block is the master salt, left-aligned in 16 octets, with the label XORed into
 * octet 7 (the label is the high octet of the 56-bit key_id that meets the low end of a 112-bit
 * salt) and the last two octets the block counter (x * 2^16 in §4.3.3). AEAD_AES_128_GCM uses the
 * same PRF (RFC 7714 §11) with a 96-bit salt; it is left-aligned too, as libSRTP does, which the
 * interoperability test against libSRTP checks.
 */
final class KeyDerivation {

    /** The labels of RFC 3711 §4.3.1 (SRTP) and §4.3.2 (SRTCP). */
    enum Label {
        RTP_ENCRYPTION(0x00),
        RTP_AUTHENTICATION(0x01),
        RTP_SALT(0x02),
        RTCP_ENCRYPTION(0x03),
        RTCP_AUTHENTICATION(0x04),
        RTCP_SALT(0x05);

        final byte value;

        Label(int value) {
            this.value = (byte) value;
        }
    }

    private KeyDerivation() {
    }

    /** The session keys for SRTP (labels 0, 1, 2). */
    static SessionKeys srtp(SrtpMasterKey masterKey) {
        return derive(masterKey, Label.RTP_ENCRYPTION, Label.RTP_AUTHENTICATION, Label.RTP_SALT);
    }

    /** The session keys for SRTCP (labels 3, 4, 5): never the SRTP ones (RFC 3711 §3.2.1). */
    static SessionKeys srtcp(SrtpMasterKey masterKey) {
        return derive(masterKey, Label.RTCP_ENCRYPTION, Label.RTCP_AUTHENTICATION, Label.RTCP_SALT);
    }

    private static SessionKeys derive(SrtpMasterKey masterKey, Label encryption, Label authentication, Label salt) {
        SrtpSuite suite = masterKey.suite();
        byte[] authKey = suite.authKeyLength() == 0 ? new byte[0] : prf(masterKey, authentication, suite.authKeyLength());
        return new SessionKeys(prf(masterKey, encryption, suite.keyLength()), authKey, prf(masterKey, salt, suite.saltLength()));
    }

    /** The first {@code length} octets of the AES-CM PRF output for {@code label} (RFC 3711 §4.3.3). */
    static byte[] prf(SrtpMasterKey masterKey, Label label, int length) {
        byte[] salt = masterKey.saltBytes();
        int blocks = (length + 15) / 16;
        byte[] input = new byte[blocks * 16];
        for (int block = 0; block < blocks; block++) {
            int at = block * 16;
            System.arraycopy(salt, 0, input, at, salt.length);
            input[at + 7] ^= label.value;
            input[at + 14] = (byte) (block >>> 8);
            input[at + 15] = (byte) block;
        }
        try {
            // Counter mode spelled out as ECB over the counter blocks: done once per context, so
            // clarity beats speed here.
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey.keyBytes(), "AES"));
            byte[] keystream = aes.doFinal(input);
            return Arrays.copyOf(keystream, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is missing from this JDK", e);
        }
    }
}

package org.sbc.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The test vectors of RFC 3711 Appendix B, typed from the RFC text: B.2 (AES-CM keystream) and B.3
 * (key derivation). B.1 is AES-f8, which we do not implement.
 */
class Rfc3711VectorsTest {

    // B.3: "master key" and "master salt".
    private static final SrtpMasterKey B3_MASTER_KEY = SrtpMasterKey.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80,
            Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex.bytes("0EC675AD498AFEEBB6960B3AABE6"));

    @Test
    void derivesTheCipherKeyOfB3() {
        assertEquals("c61e7a93744f39ee10734afe3ff7a087",
                Hex.text(KeyDerivation.prf(B3_MASTER_KEY, KeyDerivation.Label.RTP_ENCRYPTION, 16)));
    }

    @Test
    void derivesTheCipherSaltOfB3() {
        assertEquals("30cbbc08863d8c85d49db34a9ae1",
                Hex.text(KeyDerivation.prf(B3_MASTER_KEY, KeyDerivation.Label.RTP_SALT, 14)));
    }

    @Test
    void derivesThe94OctetAuthKeyOfB3() {
        byte[] expected = Hex.bytes("""
                CEBE321F6FF7716B6FD4AB49AF256A15
                6D38BAA48F0A0ACF3C34E2359E6CDBCE
                E049646C43D9327AD175578EF7227098
                6371C10C9A369AC2F94A8C5FBCDDDC25
                6D6E919A48B610EF17C2041E47403576
                6B68642C59BBFC2F34DB60DBDFB2""");
        assertEquals(94, expected.length);
        assertArrayEquals(expected, KeyDerivation.prf(B3_MASTER_KEY, KeyDerivation.Label.RTP_AUTHENTICATION, 94));
    }

    @Test
    void srtpSessionKeysAreTheB3KeysAtTheSuiteLengths() {
        SessionKeys keys = KeyDerivation.srtp(B3_MASTER_KEY);
        assertEquals("c61e7a93744f39ee10734afe3ff7a087", Hex.text(keys.encryptionKey()));
        // n_a = 160 bits for HMAC-SHA1 (RFC 3711 §4.2.1): the first 20 octets of the B.3 auth key.
        assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa4", Hex.text(keys.authKey()));
        assertEquals("30cbbc08863d8c85d49db34a9ae1", Hex.text(keys.salt()));
    }

    /**
     * B.2: session key 2B7E..4F3C, ROC 0, SEQ 0, SSRC 0, session salt F0F1..FCFD; the keystream is
     * what encrypting zeros gives, over the whole 65282-block segment.
     */
    @Test
    void producesTheAesCmKeystreamOfB2() {
        SessionKeys keys = new SessionKeys(Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C"), new byte[20],
                Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"));
        AesCmHmacSha1Transform transform = new AesCmHmacSha1Transform(keys, 10);
        int blocks = 65282;
        int header = 12;
        byte[] packet = new byte[header + blocks * 16 + 10];
        transform.protectRtp(packet, 0, header, blocks * 16, 0, 0);

        assertEquals("e03ead0935c95e80e166b16dd92b4eb4", block(packet, header, 0x0000));
        assertEquals("d23513162b02d0f72a43a2fe4a5f97ab", block(packet, header, 0x0001));
        assertEquals("41e95b3bb0a2e8dd477901e4fca894c0", block(packet, header, 0x0002));
        assertEquals("ec8cdf7398607cb0f2d21675ea9ea1e4", block(packet, header, 0xFEFF));
        assertEquals("362b7c3c6773516318a077d7fc5073ae", block(packet, header, 0xFF00));
        assertEquals("6a2cc3787889374fbeb4c81b17ba6c44", block(packet, header, 0xFF01));
    }

    private static String block(byte[] packet, int payloadAt, int counter) {
        int at = payloadAt + counter * 16;
        return Hex.text(Arrays.copyOfRange(packet, at, at + 16));
    }
}

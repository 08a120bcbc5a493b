package org.sbc.media.srtp;

/**
 * The cryptographic transform of one direction of SRTP or SRTCP, under session keys derived once:
 * how a packet is encrypted and tagged, and where the tag and the SRTCP E flag and index go. The
 * contexts own the state (streams, indices, replay); a transform only computes.
 *
 * <p>Two siblings: {@link AesCmHmacSha1Transform} (RFC 3711 §4.1.1 and §4.2.1) and
 * {@link AesGcmTransform} (RFC 7714). Not thread-safe: each holds its own JCA objects and scratch
 * arrays, confined to the context's thread.
 *
 * <h2>Why the JDK's AES and HMAC, not Bouncy Castle's lightweight engines</h2>
 * Speed per packet bounds a relay, and the JDK 17 intrinsics (AES-NI, PCLMULQDQ, SHA-NI on x86-64)
 * win by 3 to 18 times, measured on the build machine with the cipher initialised per packet:
 * AES-CTR 0.10 µs for a 160-octet payload and 0.36 µs for 1200, against 0.87 and 6.5 µs for
 * {@code AESEngine} in counter mode; HmacSHA1 0.28 and 0.86 µs against 0.92 and 4.7 µs for
 * {@code HMac(SHA1Digest)}; AES-GCM 0.37 and 0.50 µs against 1.5 and 9.7 µs for
 * {@code GCMBlockCipher}. The price is allocation, young and short-lived: {@code Cipher.init}
 * takes a fresh parameter spec, about 150 octets a packet for AES-CM (counter mode writes into a
 * scratch array, because the JDK copies the input of an in-place call first) and 1 KB for GCM.
 * Bouncy Castle stays in the tests, as the independent implementation this path is checked
 * against. Whole packets, in README.md.
 */
sealed interface PacketTransform permits AesCmHmacSha1Transform, AesGcmTransform {

    /** The SRTP transform of {@code masterKey}'s suite, under the SRTP session keys. */
    static PacketTransform srtp(SrtpMasterKey masterKey) {
        SrtpSuite suite = masterKey.suite();
        SessionKeys keys = KeyDerivation.srtp(masterKey);
        return suite.isAead() ? new AesGcmTransform(keys) : new AesCmHmacSha1Transform(keys, suite.srtpTagLength());
    }

    /** The SRTCP transform of {@code masterKey}'s suite, under the SRTCP session keys. */
    static PacketTransform srtcp(SrtpMasterKey masterKey) {
        SrtpSuite suite = masterKey.suite();
        SessionKeys keys = KeyDerivation.srtcp(masterKey);
        return suite.isAead() ? new AesGcmTransform(keys) : new AesCmHmacSha1Transform(keys, suite.srtcpTagLength());
    }

    /** Octets of the authentication tag. */
    int tagLength();

    /**
     * Encrypts {@code b[payloadAt, payloadAt + payloadLength)} in place and writes the tag right
     * after it; the header is {@code b[offset, payloadAt)}.
     */
    void protectRtp(byte[] b, int offset, int payloadAt, int payloadLength, int ssrc, long index);

    /**
     * Verifies the tag after {@code b[offset, payloadAt + payloadLength)} and, only then, decrypts the
     * payload in place. False: the tag does not verify.
     */
    boolean unprotectRtp(byte[] b, int offset, int payloadAt, int payloadLength, int ssrc, long index);

    /**
     * Encrypts the RTCP packet {@code b[offset, offset + length)} from its ninth octet on when
     * {@code encrypt}, and appends the E flag and SRTCP index word and the tag, in this transform's
     * order.
     */
    void protectRtcp(byte[] b, int offset, int length, int ssrc, int index, boolean encrypt);

    /**
     * Verifies the trailer after the RTCP packet {@code b[offset, offset + length)} and, only then,
     * decrypts it when {@code encrypted}. False: the tag does not verify.
     */
    boolean unprotectRtcp(byte[] b, int offset, int length, int ssrc, int index, boolean encrypted);

    /** Where, from the start of an SRTCP packet of {@code protectedLength} octets, its E flag and index word is. */
    int rtcpIndexWordAt(int protectedLength);
}

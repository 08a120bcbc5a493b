package org.sbc.media.srtp;

import java.util.Optional;

/**
 * An SRTP crypto suite, named as SDES names it: the cipher, the lengths of the master key and salt,
 * and the authentication tag lengths for SRTP and SRTCP.
 *
 * <ul>
 *   <li>{@link #AES_CM_128_HMAC_SHA1_80} and {@link #AES_CM_128_HMAC_SHA1_32}: RFC 4568 §6.2 (the
 *       table) over RFC 3711 §4.1.1 (AES in counter mode) and §4.2.1 (HMAC-SHA1, 160-bit key).
 *   <li>{@link #AEAD_AES_128_GCM}: RFC 7714 §12 (summary of parameters) and §14.1 (its SDES name).
 * </ul>
 *
 * <p>Every suite derives its session keys with the AES-CM PRF of RFC 3711 §4.3.3, at
 * key_derivation_rate 0 (RFC 7714 §11 for GCM).
 */
public enum SrtpSuite {

    /** RFC 4568 §6.2.1: the SRTP default, 80-bit tags on SRTP and SRTCP. */
    AES_CM_128_HMAC_SHA1_80(false, 16, 14, 20, 10, 10),

    /**
     * RFC 4568 §6.2.2: a 32-bit SRTP tag for low-bandwidth media; SRTCP keeps the 80-bit tag (the
     * table in RFC 4568 §6.2, and SRTCP_auth_tag_length in RFC 5764 §4.1.2). Peers that tag SRTCP
     * with 32 bits for this suite do not interoperate with this one, nor with RFC-conformant ones.
     */
    AES_CM_128_HMAC_SHA1_32(false, 16, 14, 20, 4, 10),

    /**
     * RFC 7714: AES-128 in Galois/Counter mode; the 16-octet GCM tag authenticates, so there is no
     * separate authentication key (§7.1), and the master and session salts are 12 octets (§8.1).
     */
    AEAD_AES_128_GCM(true, 16, 12, 0, 16, 16);

    /** RFC 3711 §3.3.1: the 48-bit SRTP index; a key protects at most this many packets per stream. */
    public static final long MAX_SRTP_PACKETS = 1L << 48;

    /** RFC 3711 §3.4 and §9.2: the 31-bit SRTCP index. */
    public static final long MAX_SRTCP_PACKETS = 1L << 31;

    private final boolean aead;
    private final int keyLength;
    private final int saltLength;
    private final int authKeyLength;
    private final int srtpTagLength;
    private final int srtcpTagLength;

    SrtpSuite(boolean aead, int keyLength, int saltLength, int authKeyLength, int srtpTagLength, int srtcpTagLength) {
        this.aead = aead;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.authKeyLength = authKeyLength;
        this.srtpTagLength = srtpTagLength;
        this.srtcpTagLength = srtcpTagLength;
    }

    /** The suite named {@code name} in an {@code a=crypto} attribute (case-sensitive, as registered). */
    public static Optional<SrtpSuite> ofSdesName(String name) {
        for (SrtpSuite suite : values()) {
            if (suite.name().equals(name)) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }

    /** The name in {@code a=crypto} (RFC 4568 §9.2, RFC 7714 §14.1). */
    public String sdesName() {
        return name();
    }

    /** True for the AEAD suite of RFC 7714, where the cipher authenticates. */
    public boolean isAead() {
        return aead;
    }

    /** Octets of the master key, and of the session encryption keys derived from it. */
    public int keyLength() {
        return keyLength;
    }

    /** Octets of the master salt, and of the session salts derived from it. */
    public int saltLength() {
        return saltLength;
    }

    /** Octets of key||salt, as base64-encoded in SDES (RFC 4568 §6.1). */
    public int keyAndSaltLength() {
        return keyLength + saltLength;
    }

    /** Octets of the derived HMAC-SHA1 session key (RFC 3711 §4.2.1, n_a = 160 bits); 0 for AEAD. */
    public int authKeyLength() {
        return authKeyLength;
    }

    /** Octets an SRTP packet grows by: its authentication tag (RFC 3711 §3.1, RFC 7714 §8.2). */
    public int srtpTagLength() {
        return srtpTagLength;
    }

    /** Octets of the SRTCP authentication tag (RFC 3711 §3.4, RFC 7714 §9.2). */
    public int srtcpTagLength() {
        return srtcpTagLength;
    }

    /** Octets an SRTCP packet grows by: the E flag and SRTCP index word plus the tag (RFC 3711 §3.4). */
    public int srtcpOverhead() {
        return 4 + srtcpTagLength;
    }
}

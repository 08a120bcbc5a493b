package org.sbc.media.srtp;

/**
 * Why an {@code a=crypto} attribute value was accepted or refused (RFC 4568 §5.1.2: only valid
 * attributes may be accepted; a refused one is skipped, and a media stream with none left is
 * rejected).
 */
public enum SdesStatus {

    OK,

    /** Not the grammar of RFC 4568 §9.1 and §9.2: tag, suite, key parameter, separators, characters, length. */
    MALFORMED,

    /** A crypto suite we do not implement (RFC 4568 §6.2; here: {@link SrtpSuite}). */
    UNKNOWN_SUITE,

    /** A key method other than "inline", the only one for SRTP (RFC 4568 §6.1). */
    UNSUPPORTED_KEY_METHOD,

    /** More than one key parameter: only meaningful with MKIs (RFC 4568 §6.1), which we do not support. */
    MULTIPLE_KEYS,

    /** key||salt is not base64 (RFC 4568 §6.1, RFC 3548 §3), or not in its one canonical spelling. */
    BAD_BASE64,

    /** key||salt decodes to a length other than the suite's: the attribute MUST be considered invalid (RFC 4568 §6.1). */
    WRONG_KEY_LENGTH,

    /** A lifetime that is zero, has leading zeros, or exceeds 2^48 packets (RFC 4568 §6.1). */
    BAD_LIFETIME,

    /**
     * An MKI. Not supported: the contexts carry no MKI field in packets, and RFC 4568 §6.1 makes
     * MKIs necessary only for several keys in one attribute, which we refuse too.
     */
    MKI_UNSUPPORTED,

    /**
     * A session parameter we cannot honour (RFC 4568 §6.3): KDR (we derive once), UNENCRYPTED_SRTP,
     * UNENCRYPTED_SRTCP, UNAUTHENTICATED_SRTP (we always encrypt and authenticate), FEC_KEY,
     * FEC_ORDER=SRTP_FEC, or an unknown parameter without the "-" that makes it optional (§6.3.7).
     */
    UNSUPPORTED_SESSION_PARAMETER
}

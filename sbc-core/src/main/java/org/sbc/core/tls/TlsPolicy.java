package org.sbc.core.tls;

import java.util.List;

/**
 * The protocol versions and cipher suites of every SIP TLS connection, in either direction. Not
 * configurable: each one left out is an attack that needs no further configuration to stop.
 */
public final class TlsPolicy {

    /** TLS 1.0 and 1.1 are deprecated (RFC 8996): SHA-1 in the handshake, CBC padding oracles. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * Forward secrecy (ECDHE) and AEAD (AES-GCM, ChaCha20-Poly1305) only: no static RSA key
     * exchange (a stolen key decrypts recorded calls), no CBC (Lucky13), no RC4, 3DES or NULL.
     * TLS 1.3's suites meet both already. A suite the JDK lacks is skipped, never an error.
     */
    public static final List<String> CIPHERS = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {}
}

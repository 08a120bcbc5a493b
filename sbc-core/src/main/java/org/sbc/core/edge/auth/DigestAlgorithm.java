package org.sbc.core.edge.auth;

import java.util.Optional;

/**
 * The digest algorithms of RFC 7616 §3.3 that SIP uses (RFC 8760): MD5 for the phones that know
 * nothing else, SHA-256 for the rest. The {@code -sess} variants are not offered: nothing in SIP
 * needs them, and each one offered is one more path to get wrong.
 */
public enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256");

    private final String token;
    private final String javaName;

    DigestAlgorithm(String token, String javaName) {
        this.token = token;
        this.javaName = javaName;
    }

    /** The word in the {@code algorithm=} parameter and in the credentials file. */
    public String token() {
        return token;
    }

    /** The {@link java.security.MessageDigest} name. */
    public String javaName() {
        return javaName;
    }

    /** Length of a hash in lower-case hex: 32 for MD5, 64 for SHA-256. */
    public int hexLength() {
        return this == MD5 ? 32 : 64;
    }

    /** Case-insensitive, as RFC 7616 §3.3 says the token is. */
    public static Optional<DigestAlgorithm> parse(String text) {
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.token.equalsIgnoreCase(text)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}

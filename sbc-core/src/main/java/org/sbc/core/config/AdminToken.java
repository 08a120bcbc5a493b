package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One bearer token of the admin API, as loaded: who it stands for (the label events name), what
 * it may do, and the SHA-256 of the token. The token itself is not kept: comparing digests of
 * equal length takes the same time whatever the presented token is.
 */
public record AdminToken(String label, AdminRole role, byte[] sha256) {

    public AdminToken {
        requireNonNull(label, "label");
        requireNonNull(role, "role");
        sha256 = sha256.clone();
        if (sha256.length != 32) {
            throw new IllegalArgumentException("sha256: " + sha256.length + " bytes (expected: 32)");
        }
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** The digest a token is kept and compared as. */
    public static byte[] digestOf(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

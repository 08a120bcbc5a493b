package org.sbc.core.edge.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest computations of RFC 7616 §3.4.1 for {@code qop=auth} (the only quality of
 * protection the SBC offers): HA1 = H(username:realm:password), HA2 = H(method:digest-uri),
 * response = H(HA1:nonce:nc:cnonce:qop:HA2), every H in lower-case hex. The nonce-count goes into
 * the hash exactly as the client wrote it.
 */
public final class DigestComputation {

    private static final HexFormat HEX = HexFormat.of();

    private DigestComputation() {}

    /** H(data) in lower-case hex. */
    public static String hash(DigestAlgorithm algorithm, String data) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm.javaName());
            return HEX.formatHex(digest.digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm.javaName(), e);
        }
    }

    /** HA1 for the credentials file: H(username:realm:password). */
    public static String ha1(DigestAlgorithm algorithm, String username, String realm, String password) {
        return hash(algorithm, username + ":" + realm + ":" + password);
    }

    /** The {@code response} a client holding {@code ha1} sends for {@code qop=auth}. */
    public static String response(DigestAlgorithm algorithm, String ha1, String nonce, String nonceCount,
            String cnonce, String method, String digestUri) {
        String ha2 = hash(algorithm, method + ":" + digestUri);
        return hash(algorithm, ha1 + ":" + nonce + ":" + nonceCount + ":" + cnonce + ":auth:" + ha2);
    }

    /** Constant-time comparison of two hex responses, case-insensitive as RFC 7616 hex may be. */
    public static boolean matches(String expected, String received) {
        byte[] a = expected.getBytes(StandardCharsets.US_ASCII);
        byte[] b = received.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b);
    }
}

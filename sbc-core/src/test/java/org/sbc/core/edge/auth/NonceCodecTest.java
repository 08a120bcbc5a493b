package org.sbc.core.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class NonceCodecTest {

    private static final byte[] SECRET = "0f4c9a7e2b5d8f1a3c6e9b2d5f8a1c4e".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_800_000_000L;

    private final NonceCodec codec = new NonceCodec(SECRET, "sbc.test", 300, new SecureRandom());

    @Test
    void verifiesItsOwnNonceWithoutStoringIt() {
        String nonce = codec.issue(NOW);

        assertEquals(NonceCodec.NONCE_CHARS, nonce.length());
        assertEquals(new NonceCodec.Check(NonceCodec.Status.VALID, NOW), codec.verify(nonce, NOW + 299));
        assertNotEquals(nonce, codec.issue(NOW), "every nonce is fresh");
    }

    @Test
    void reportsOldNonceAsStale() {
        assertEquals(NonceCodec.Status.STALE, codec.verify(codec.issue(NOW), NOW + 301).status());
    }

    @Test
    void refusesNonceOfAnotherRealmOrSecret() {
        String nonce = codec.issue(NOW);

        assertEquals(NonceCodec.Status.INVALID,
                new NonceCodec(SECRET, "other.realm", 300, new SecureRandom()).verify(nonce, NOW).status());
        byte[] otherSecret = "1f4c9a7e2b5d8f1a3c6e9b2d5f8a1c4e".getBytes(StandardCharsets.UTF_8);
        assertEquals(NonceCodec.Status.INVALID,
                new NonceCodec(otherSecret, "sbc.test", 300, new SecureRandom()).verify(nonce, NOW).status());
    }

    @Test
    void refusesMalformedNonces() {
        for (String nonce : new String[] {"", "abc", "!".repeat(64), codec.issue(NOW) + "A", "=".repeat(64)}) {
            assertEquals(NonceCodec.Status.INVALID, codec.verify(nonce, NOW).status(), nonce);
        }
    }

    @Test
    void refusesEverySingleCharacterChange() {
        String nonce = codec.issue(NOW);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < nonce.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != nonce.charAt(i)) {
                    String changed = nonce.substring(0, i) + c + nonce.substring(i + 1);
                    assertEquals(NonceCodec.Status.INVALID, codec.verify(changed, NOW).status(), changed);
                }
            }
        }
    }
}

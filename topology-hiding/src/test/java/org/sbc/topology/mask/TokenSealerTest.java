package org.sbc.topology.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSealerTest {

    static final byte[] K1 = key(1);
    static final byte[] K2 = key(2);
    static final byte[] K3 = key(3);
    private static final byte[] MAPPING = "sip:bob@10.1.2.3:5060;transport=udp".getBytes(StandardCharsets.UTF_8);

    static byte[] key(int seed) {
        byte[] key = new byte[TokenSealer.KEY_BYTES];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i * 7);
        }
        return key;
    }

    private final TokenSealer sealer = new TokenSealer(K1, Optional.empty());

    @Test
    void opensWhatItSealed() {
        String token = sealer.seal(MAPPING);
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
        assertArrayEquals(MAPPING, sealer.open(token).orElseThrow());
        assertArrayEquals(new byte[0], sealer.open(sealer.seal(new byte[0])).orElseThrow());
    }

    @Test
    void tokenLengthFollowsTheFormula() {
        for (int n : new int[] {0, 1, 2, 3, 150, 1000}) {
            String token = sealer.seal(new byte[n]);
            assertEquals((int) Math.ceil((2 + 12 + n + 16) * 4 / 3.0), token.length(), "n=" + n);
            assertEquals(TokenSealer.tokenLength(n), token.length());
            int base64OfPlaintext = (int) Math.ceil(n * 4 / 3.0);
            assertEquals(TokenSealer.overhead(), token.length() - base64OfPlaintext);
        }
        assertEquals(240, TokenSealer.tokenLength(150));
    }

    @Test
    void sealsTheSamePlaintextDifferentlyEachTime() {
        assertNotEquals(sealer.seal(MAPPING), sealer.seal(MAPPING));
    }

    @Test
    void rejectsTokensFromADifferentKey() {
        String token = new TokenSealer(K2, Optional.empty()).seal(MAPPING);
        assertEquals(Optional.empty(), sealer.open(token));
    }

    @Test
    void opensTokensOfThePreviousKeyAfterRotationAndSealsWithTheNewOne() {
        String old = sealer.seal(MAPPING);
        TokenSealer rotated = new TokenSealer(K2, Optional.of(K1));
        assertArrayEquals(MAPPING, rotated.open(old).orElseThrow());

        String fresh = rotated.seal(MAPPING);
        assertArrayEquals(MAPPING, new TokenSealer(K2, Optional.empty()).open(fresh).orElseThrow());
        assertEquals(Optional.empty(), sealer.open(fresh), "new tokens use the new key");

        TokenSealer rotatedAgain = new TokenSealer(K3, Optional.of(K2));
        assertEquals(Optional.empty(), rotatedAgain.open(old), "two rotations retire a key");
        assertArrayEquals(MAPPING, rotatedAgain.open(fresh).orElseThrow());
    }

    @Test
    void triesBothKeysWhenTheirHintsCollide() {
        byte[] first = null;
        byte[] second = null;
        for (int seed = 10; second == null; seed++) {
            byte[] candidate = key(seed);
            if (first == null) {
                first = candidate;
            } else if (hint(candidate) == hint(first)) {
                second = candidate;
            }
        }
        TokenSealer both = new TokenSealer(first, Optional.of(second));
        assertArrayEquals(MAPPING, both.open(new TokenSealer(second, Optional.empty()).seal(MAPPING)).orElseThrow());
        assertArrayEquals(MAPPING, both.open(both.seal(MAPPING)).orElseThrow());
    }

    private static byte hint(byte[] key) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(key)[0];
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rejectsEverySingleBitFlip() {
        String token = sealer.seal(MAPPING);
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] changed = bytes.clone();
            changed[bit / 8] ^= (byte) (1 << (bit % 8));
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
            assertEquals(Optional.empty(), sealer.open(forged), "bit " + bit);
        }
    }

    @Test
    void rejectsTruncatedAndExtendedTokens() {
        String token = sealer.seal(MAPPING);
        for (int length = 0; length < token.length(); length++) {
            assertEquals(Optional.empty(), sealer.open(token.substring(0, length)), "length " + length);
        }
        assertEquals(Optional.empty(), sealer.open(token + "A"));
        assertEquals(Optional.empty(), sealer.open(token + "AAAA"));
    }

    @Test
    void rejectsMalformedTextWithoutAnException() {
        String token = sealer.seal(MAPPING);
        assertEquals(Optional.empty(), sealer.open(null));
        assertEquals(Optional.empty(), sealer.open(""));
        assertEquals(Optional.empty(), sealer.open(token.replace(token.charAt(5), '+')));
        assertEquals(Optional.empty(), sealer.open(token + "="));
        assertEquals(Optional.empty(), sealer.open(" " + token));
        assertEquals(Optional.empty(), sealer.open("%".repeat(60)));
    }

    @Test
    void rejectsAnotherSpellingOfTheSameBytes() {
        // 35 + 30 = 65 bytes: the last character carries 2 unused bits a lax decoder ignores.
        String token = sealer.seal(new byte[35]);
        char last = token.charAt(token.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String respelled = token.substring(0, token.length() - 1) + sibling;
        assertArrayEquals(Base64.getUrlDecoder().decode(token), Base64.getUrlDecoder().decode(respelled));
        assertEquals(Optional.empty(), sealer.open(respelled));
    }

    @Test
    void rejectsAnUnknownVersion() {
        byte[] bytes = Base64.getUrlDecoder().decode(sealer.seal(MAPPING));
        bytes[0] = 2;
        assertEquals(Optional.empty(), sealer.open(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
    }

    @Test
    void refusesKeysOfTheWrongLengthAndARotationToTheSameKey() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> new TokenSealer(new byte[16], Optional.empty()));
        assertTrue(shortKey.getMessage().contains("16 bytes (expected: 32 bytes)"), shortKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenSealer(K1, Optional.of(new byte[33])));
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> new TokenSealer(K1, Optional.of(K1.clone())));
        assertTrue(same.getMessage().contains("previousKey"), same.getMessage());
    }

    @Test
    void copiesItsKeys() {
        byte[] key = K1.clone();
        TokenSealer own = new TokenSealer(key, Optional.empty());
        String token = own.seal(MAPPING);
        Arrays.fill(key, (byte) 0);
        assertArrayEquals(MAPPING, own.open(token).orElseThrow());
    }

    @Test
    void worksFromManyThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        byte[] plain = ("mapping " + i).getBytes(StandardCharsets.UTF_8);
                        if (!Arrays.equals(plain, sealer.open(sealer.seal(plain)).orElseThrow())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

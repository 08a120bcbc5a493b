package org.sbc.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomTokensTest {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    @Test
    void tokensHaveTheAskedLengthAndOnlyLowerCaseLettersAndDigits() {
        RandomTokens tokens = new RandomTokens();
        for (int length : new int[] {1, 12, 16, 20, 1_500}) { // 1,500 spans more than one draw
            String token = tokens.next(length);
            assertEquals(length, token.length());
            assertTrue(token.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0), token);
        }
        assertEquals("", tokens.next(0));
    }

    @Test
    void tokensDoNotRepeat() {
        RandomTokens tokens = new RandomTokens();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(tokens.next(12)), "a 12-character token repeated");
        }
    }

    /**
     * Every character about equally often. Taking a byte modulo 36 without skipping the top four
     * values would draw a-d about 12 % more often than the rest; the bound here is 5 %, about
     * five standard deviations of an unbiased count.
     */
    @Test
    void everyCharacterIsEquallyLikely() {
        RandomTokens tokens = new RandomTokens();
        int[] counts = new int[ALPHABET.length()];
        int perCharacter = 10_000;
        for (int i = 0; i < perCharacter; i++) {
            for (char c : tokens.next(ALPHABET.length()).toCharArray()) {
                counts[ALPHABET.indexOf(c)]++;
            }
        }
        for (int i = 0; i < counts.length; i++) {
            assertTrue(Math.abs(counts[i] - perCharacter) < perCharacter / 20,
                    ALPHABET.charAt(i) + " drawn " + counts[i] + " times, expected about " + perCharacter);
        }
    }
}

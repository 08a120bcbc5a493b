package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.sbc.topology.FieldCodec;
import org.sbc.topology.mask.TokenSealer;

/** Mask mode's tokens: they round-trip, resist tampering, cannot be linked, and bind their key. */
class TopologyTokenProperties {

    private static final byte[] K1 = key(new Random(1));
    private static final byte[] K2 = key(new Random(2));
    private final TokenSealer sealer = new TokenSealer(K1, Optional.empty());

    private static byte[] key(Random random) {
        byte[] key = new byte[TokenSealer.KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    @Property(tries = 1_000)
    void aSealedTokenOpensToTheSameBytes(@ForAll @Size(max = 600) byte[] plaintext) {
        String token = sealer.seal(plaintext);
        assertTrue(token.matches("[A-Za-z0-9_-]+"));
        assertEquals(TokenSealer.tokenLength(plaintext.length), token.length());
        assertArrayEquals(plaintext, sealer.open(token).orElseThrow());
    }

    @Property(tries = 1_000)
    void encodedHeaderValuesSurviveSealingAndOpening(
            @ForAll @Size(max = FieldCodec.MAX_FIELDS) List<@StringLength(max = 200) String> fields) {
        Assume.that(fields.stream().allMatch(TopologyTokenProperties::isWellFormedUtf16));
        String token = sealer.seal(FieldCodec.encode(fields));
        assertEquals(Optional.of(fields), sealer.open(token).flatMap(FieldCodec::decode));
    }

    @Property(tries = 1_000)
    void anySingleBitChangeOfATokenIsRejected(
            @ForAll @Size(max = 200) byte[] plaintext,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int bitChoice) {
        byte[] bytes = Base64.getUrlDecoder().decode(sealer.seal(plaintext));
        int bit = bitChoice % (bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        assertEquals(Optional.empty(), sealer.open(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
    }

    @Property(tries = 1_000)
    void anySingleCharacterChangeIsRejectedOrOpensToTheSamePlaintext(
            @ForAll @Size(max = 200) byte[] plaintext,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int positionChoice,
            @ForAll @CharRange(from = '!', to = '~') @Chars({'\u00e9', '\u0000', ' '}) char replacement) {
        String token = sealer.seal(plaintext);
        int position = positionChoice % token.length();
        Assume.that(token.charAt(position) != replacement);
        String changed = token.substring(0, position) + replacement + token.substring(position + 1);
        Optional<byte[]> opened = sealer.open(changed);
        opened.ifPresent(bytes -> assertArrayEquals(plaintext, bytes));
    }

    @Property(tries = 500)
    void tokensOfTheSamePlaintextCannotBeLinked(@ForAll @Size(max = 200) byte[] plaintext) {
        assertNotEquals(sealer.seal(plaintext), sealer.seal(plaintext));
    }

    @Property(tries = 500)
    void aTokenOpensOnlyUnderItsOwnKey(@ForAll long seed, @ForAll @Size(max = 200) byte[] plaintext) {
        Random random = new Random(seed);
        byte[] k1 = key(random);
        byte[] k2 = key(random);
        byte[] k3 = key(random);
        Assume.that(!java.util.Arrays.equals(k1, k2) && !java.util.Arrays.equals(k2, k3) && !java.util.Arrays.equals(k1, k3));
        String token = new TokenSealer(k1, Optional.empty()).seal(plaintext);
        assertEquals(Optional.empty(), new TokenSealer(k2, Optional.empty()).open(token));
        assertEquals(Optional.empty(), new TokenSealer(k2, Optional.of(k3)).open(token));
        assertArrayEquals(plaintext, new TokenSealer(k2, Optional.of(k1)).open(token).orElseThrow());
    }

    @Property(tries = 1_000)
    void theFixedKeysDoNotOpenEachOthersTokens(@ForAll @Size(max = 100) byte[] plaintext) {
        assertEquals(Optional.empty(), new TokenSealer(K2, Optional.empty()).open(sealer.seal(plaintext)));
    }

    @Property(tries = 1_000)
    void anyTextOpensWithoutAnException(@ForAll @StringLength(max = 300) String text) {
        sealer.open(text);
    }

    @Property(tries = 1_000)
    void fieldDecodeNeverThrowsAndAcceptsOnlyWhatEncodeProduces(@ForAll @Size(max = 300) byte[] bytes) {
        FieldCodec.decode(bytes).ifPresent(fields -> assertArrayEquals(bytes, FieldCodec.encode(fields)));
    }

    @Property(tries = 1_000)
    void fieldDecodeNeverThrowsOnVersionedBytes(@ForAll @Size(max = 300) byte[] bytes) {
        if (bytes.length > 0) {
            bytes[0] = FieldCodec.VERSION;
        }
        FieldCodec.decode(bytes).ifPresent(fields -> assertArrayEquals(bytes, FieldCodec.encode(fields)));
    }

    private static boolean isWellFormedUtf16(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}

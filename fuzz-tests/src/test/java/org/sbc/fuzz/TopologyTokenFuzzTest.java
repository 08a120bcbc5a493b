package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Timeout;
import org.sbc.topology.FieldCodec;
import org.sbc.topology.mask.MaskHandles;
import org.sbc.topology.mask.TokenSealer;

/**
 * Jazzer targets for mask mode's dialog handles: the {@link FieldCodec} encoding of a mapping,
 * sealed by {@link TokenSealer} into the token that travels in a Contact user part and comes back
 * from the network. Seeds ({@code TopologyTokenFuzzTestInputs/}) are real tokens sealed under
 * {@link #KEY} ({@code openAnyText/}) and real mappings ({@code sealAndOpen/}).
 */
@Timeout(10)
class TopologyTokenFuzzTest {

    /** The test key: SHA-256 of a fixed phrase. A test key, never a deployment's. */
    static final byte[] KEY = sha256("sbc fuzz-tests topology token key, not a secret");
    static final byte[] OTHER_KEY = sha256("sbc fuzz-tests another key");

    static final TokenSealer SEALER = new TokenSealer(KEY, Optional.empty());
    private static final MaskHandles HANDLES = new MaskHandles(SEALER);
    private static final TokenSealer ROTATED = new TokenSealer(OTHER_KEY, Optional.of(KEY));
    private static final TokenSealer FOREIGN = new TokenSealer(OTHER_KEY, Optional.empty());

    /** The {@code valid-*} seeds of {@link #openAnyText}: tokens sealed under {@link #KEY}. */
    static final Set<String> VALID_TOKENS = SeedFiles.of(TopologyTokenFuzzTest.class, "openAnyText").entrySet().stream()
            .filter(seed -> seed.getKey().startsWith("valid-"))
            .map(seed -> new String(seed.getValue(), StandardCharsets.ISO_8859_1))
            .collect(Collectors.toUnmodifiableSet());

    /** Every bit of tokens up to this many bytes is flipped; longer ones get this many flips at random. */
    private static final int FLIP_ALL_UP_TO = 96;

    /**
     * Any text that comes back as a handle: opening never throws, and only the exact text of a
     * token sealed under the key opens, to a mapping that decodes. Among the seeds those are the
     * {@code valid-*} tokens, whose mappings {@link SeedCorpusTest} checks; a fuzzer cannot forge
     * another, so any other text that opens is a finding.
     */
    @FuzzTest(maxDuration = "10s")
    void openAnyText(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        Optional<byte[]> opened = SEALER.open(text);
        Optional<byte[]> resolved = HANDLES.resolve(text).toCompletableFuture().join();
        assertEquals(opened.isPresent(), resolved.isPresent(), "open and resolve disagree");
        opened.ifPresent(plaintext ->
                assertTrue(VALID_TOKENS.contains(text), "a token that was never sealed opened: " + text));
        FieldCodec.decode(bytes).ifPresent(fields -> assertArrayEquals(bytes, FieldCodec.encode(fields),
                "decode accepted bytes that encode does not produce"));
    }

    /**
     * Any mapping: its encoding decodes to it, its token opens to it (under the key, and under
     * a rotation that keeps the key as previous), a foreign key opens nothing, and any one bit
     * flipped anywhere in the token makes it open to nothing.
     */
    @FuzzTest(maxDuration = "10s")
    void sealAndOpen(byte[] bytes) {
        List<String> fields = fields(bytes);
        byte[] mapping = FieldCodec.encode(fields);
        assertEquals(Optional.of(fields), FieldCodec.decode(mapping), "field round trip");
        String token = SEALER.seal(mapping);
        assertTrue(token.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '_'), "token alphabet: " + token);
        assertEquals(TokenSealer.tokenLength(mapping.length), token.length(), "token length");
        assertArrayEquals(mapping, SEALER.open(token).orElseThrow(), "sealed then opened");
        assertArrayEquals(mapping, ROTATED.open(token).orElseThrow(), "opened under the previous key");
        assertEquals(Optional.empty(), FOREIGN.open(token), "opened under a foreign key");

        byte[] raw = Base64.getUrlDecoder().decode(token);
        int bits = raw.length * 8;
        SplittableRandom random = new SplittableRandom(crc(bytes));
        int flips = raw.length <= FLIP_ALL_UP_TO ? bits : FLIP_ALL_UP_TO;
        for (int i = 0; i < flips; i++) {
            int bit = raw.length <= FLIP_ALL_UP_TO ? i : random.nextInt(bits);
            raw[bit / 8] ^= (byte) (1 << (bit % 8));
            String flipped = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            raw[bit / 8] ^= (byte) (1 << (bit % 8));
            assertEquals(Optional.empty(), SEALER.open(flipped), "bit " + bit + " flipped, still opens");
        }
    }

    /**
     * A mapping from fuzzer bytes: NUL separates fields (at most {@link FieldCodec#MAX_FIELDS}, each
     * cut to {@link FieldCodec#MAX_FIELD_BYTES} bytes), decoded as UTF-8 with replacement, so the
     * list is one that encode accepts.
     */
    static List<String> fields(byte[] bytes) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length && fields.size() < FieldCodec.MAX_FIELDS; i++) {
            if (i == bytes.length || bytes[i] == 0) {
                int length = Math.min(i - start, FieldCodec.MAX_FIELD_BYTES / 3);
                fields.add(new String(bytes, start, length, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return fields;
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static byte[] sha256(String phrase) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(phrase.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

package org.sbc.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldCodecTest {

    @Test
    void roundTripsFieldsIncludingEmptyAndNonAscii() {
        List<String> fields = List.of("sip:alice@10.0.0.7:5060;transport=tcp", "", "ünïcødé ☎ 𝄞", "a;b=c");
        assertEquals(Optional.of(fields), FieldCodec.decode(FieldCodec.encode(fields)));
        assertEquals(Optional.of(List.of()), FieldCodec.decode(FieldCodec.encode(List.of())));
    }

    @Test
    void roundTripsTheLimits() {
        List<String> fields = Collections.nCopies(FieldCodec.MAX_FIELDS, "x".repeat(FieldCodec.MAX_FIELD_BYTES));
        assertEquals(Optional.of(fields), FieldCodec.decode(FieldCodec.encode(fields)));
    }

    @Test
    void isCompact() {
        byte[] bytes = FieldCodec.encode(List.of("abc", "de"));
        assertArrayEquals(new byte[] {FieldCodec.VERSION, 2, 3, 'a', 'b', 'c', 2, 'd', 'e'}, bytes);
    }

    @Test
    void encodeRefusesWhatDecodeWouldRefuse() {
        assertThrows(IllegalArgumentException.class,
                () -> FieldCodec.encode(Collections.nCopies(FieldCodec.MAX_FIELDS + 1, "x")));
        assertThrows(IllegalArgumentException.class,
                () -> FieldCodec.encode(List.of("é".repeat(FieldCodec.MAX_FIELD_BYTES / 2 + 1))));
    }

    @Test
    void rejectsEveryTruncationAndTrailingBytes() {
        byte[] bytes = FieldCodec.encode(List.of("one", "two", "three"));
        for (int length = 0; length < bytes.length; length++) {
            assertEquals(Optional.empty(), FieldCodec.decode(Arrays.copyOf(bytes, length)), "length " + length);
        }
        assertEquals(Optional.empty(), FieldCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)));
    }

    @Test
    void rejectsBadVersionTooManyFieldsLongFieldsAndNonMinimalVarints() {
        assertEquals(Optional.empty(), FieldCodec.decode(new byte[] {2, 0}));
        assertEquals(Optional.empty(), FieldCodec.decode(new byte[] {FieldCodec.VERSION, FieldCodec.MAX_FIELDS + 1}));
        // a length of 2,049 = 0x81 0x10
        assertEquals(Optional.empty(), FieldCodec.decode(new byte[] {FieldCodec.VERSION, 1, (byte) 0x81, 0x10}));
        // 0 written in two bytes
        assertEquals(Optional.empty(), FieldCodec.decode(new byte[] {FieldCodec.VERSION, (byte) 0x80, 0x00}));
        assertEquals(Optional.empty(), FieldCodec.decode(new byte[] {FieldCodec.VERSION, 1, (byte) 0x80}));
        assertEquals(Optional.empty(), FieldCodec.decode(null));
    }

    @Test
    void rejectsMalformedUtf8() {
        assertEquals(Optional.empty(), FieldCodec.decode(new byte[] {FieldCodec.VERSION, 1, 1, (byte) 0xC3}));
        assertEquals(Optional.empty(), FieldCodec.decode(new byte[] {FieldCodec.VERSION, 1, 2, (byte) 0xC0, (byte) 0x80}));
        assertEquals(Optional.empty(),
                FieldCodec.decode(new byte[] {FieldCodec.VERSION, 1, 3, (byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    }

    @Test
    void neverThrowsOnRandomBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = FieldCodec.VERSION;
            }
            Optional<List<String>> decoded = FieldCodec.decode(bytes);
            decoded.ifPresent(fields -> assertArrayEquals(bytes, FieldCodec.encode(new ArrayList<>(fields))));
        }
        assertTrue(true);
    }
}

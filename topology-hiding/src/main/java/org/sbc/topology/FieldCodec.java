package org.sbc.topology;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A compact, strictly checked encoding of a short list of strings: what a dialog mapping is.
 *
 * <p>Layout: {@link #VERSION}, the field count as an unsigned LEB128 varint, then each field as
 * its UTF-8 byte length (varint) followed by the bytes. Varints must be minimal, so every list
 * has exactly one encoding and {@link #decode} accepts only what {@link #encode} produces. The
 * bytes come back from the network (sealed in mask mode, from a store in strip mode), so decode
 * checks every bound before it allocates and never throws.
 */
public final class FieldCodec {

    public static final int MAX_FIELDS = 32;
    public static final int MAX_FIELD_BYTES = 2_048;

    /** The first byte of every encoding; a new layout gets a new value. */
    public static final byte VERSION = 1;

    private FieldCodec() {}

    /**
     * @throws IllegalArgumentException for more than {@link #MAX_FIELDS} fields or a field longer
     *     than {@link #MAX_FIELD_BYTES} in UTF-8 (a bug in the caller, not attacker input)
     */
    public static byte[] encode(List<String> fields) {
        if (fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("fields: " + fields.size() + " (expected: <= " + MAX_FIELDS + ")");
        }
        // Sized exactly before it is written: a contact's fields outgrow any guess, and every
        // doubling of a growing buffer showed in the call benchmark's profile.
        byte[][] encoded = new byte[fields.size()][];
        int size = 1 + varintSize(fields.size());
        for (int i = 0; i < encoded.length; i++) {
            byte[] bytes = fields.get(i).getBytes(StandardCharsets.UTF_8);
            if (bytes.length > MAX_FIELD_BYTES) {
                throw new IllegalArgumentException(
                        "field bytes: " + bytes.length + " (expected: <= " + MAX_FIELD_BYTES + ")");
            }
            encoded[i] = bytes;
            size += varintSize(bytes.length) + bytes.length;
        }
        byte[] out = new byte[size];
        out[0] = VERSION;
        int at = writeVarint(out, 1, fields.size());
        for (byte[] bytes : encoded) {
            at = writeVarint(out, at, bytes.length);
            System.arraycopy(bytes, 0, out, at, bytes.length);
            at += bytes.length;
        }
        return out;
    }

    /** Empty for anything {@link #encode} could not have produced. */
    public static Optional<List<String>> decode(byte[] bytes) {
        if (bytes == null || bytes.length < 2 || bytes[0] != VERSION) {
            return Optional.empty();
        }
        Reader in = new Reader(bytes, 1);
        int count = in.varint(MAX_FIELDS);
        if (count < 0) {
            return Optional.empty();
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = in.varint(MAX_FIELD_BYTES);
            if (length < 0 || length > in.remaining()) {
                return Optional.empty();
            }
            try {
                fields.add(utf8.decode(ByteBuffer.wrap(bytes, in.position, length)).toString());
            } catch (CharacterCodingException e) {
                return Optional.empty();
            }
            in.position += length;
        }
        if (in.remaining() != 0) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(fields));
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value & ~0x7F) != 0) {
            size++;
            value >>>= 7;
        }
        return size;
    }

    /** Writes {@code value} at {@code at}; returns the index after it. */
    private static int writeVarint(byte[] out, int at, int value) {
        while ((value & ~0x7F) != 0) {
            out[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    /** A cursor that reads minimal varints up to a bound; -1 for anything else. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        int remaining() {
            return bytes.length - position;
        }

        int varint(int max) {
            int value = 0;
            // max is at most 2,048: two varint bytes, so a third is never read.
            for (int shift = 0; shift < 14; shift += 7) {
                if (position >= bytes.length) {
                    return -1;
                }
                int b = bytes[position++] & 0xFF;
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    boolean minimal = shift == 0 || b != 0;
                    return minimal && value <= max ? value : -1;
                }
            }
            return -1;
        }
    }
}

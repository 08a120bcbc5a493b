package org.sbc.core.topology;

import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of a message being written, each character one byte as in ISO-8859-1 (the encoding
 * {@link OutsideSanitizer} reads a message in): lines copied from the message as they are, and
 * the few written anew. Each thread keeps one buffer from message to message, so a message
 * costs one array of its own size ({@link #toByteArray()}); a buffer grown past
 * {@value #KEPT_BYTES} bytes for a large message is not kept.
 */
final class Latin1Bytes {

    private static final int KEPT_BYTES = 16_384;
    private static final FastThreadLocal<Latin1Bytes> BUFFERS = new FastThreadLocal<>() {
        @Override
        protected Latin1Bytes initialValue() {
            return new Latin1Bytes(4_096);
        }
    };

    private byte[] buffer;
    private int length;

    private Latin1Bytes(int capacity) {
        this.buffer = new byte[capacity];
    }

    /** This thread's buffer, emptied, with room for {@code expected} bytes; not to be held. */
    static Latin1Bytes forThisThread(int expected) {
        Latin1Bytes bytes = BUFFERS.get();
        if (bytes.buffer.length > KEPT_BYTES) {
            bytes = new Latin1Bytes(Math.max(expected, 4_096));
            BUFFERS.set(bytes);
        }
        bytes.length = 0;
        bytes.ensure(expected);
        return bytes;
    }

    Latin1Bytes bytes(byte[] source, int from, int to) {
        ensure(to - from);
        System.arraycopy(source, from, buffer, length, to - from);
        length += to - from;
        return this;
    }

    Latin1Bytes bytes(byte[] source) {
        return bytes(source, 0, source.length);
    }

    /** {@code text} as {@code String.getBytes(ISO_8859_1)} encodes it ('?' for what Latin-1 lacks). */
    Latin1Bytes text(String text) {
        int start = length;
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                length = start;
                return bytes(text.getBytes(StandardCharsets.ISO_8859_1));
            }
            buffer[length++] = (byte) c;
        }
        return this;
    }

    Latin1Bytes crlf() {
        ensure(2);
        buffer[length++] = '\r';
        buffer[length++] = '\n';
        return this;
    }

    /** What is written so far, as the text it was (each byte one character). */
    String asText() {
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}

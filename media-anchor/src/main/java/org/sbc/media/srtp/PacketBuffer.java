package org.sbc.media.srtp;

import static java.util.Objects.checkFromIndexSize;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * One datagram's bytes: a slice of an array that {@link SrtpContext} and {@link SrtcpContext}
 * rewrite in place. Protecting grows the length by the suite's trailer, which must fit in the
 * array after the slice; unprotecting shrinks it.
 *
 * <p>Mutable and meant to be reused (one per receive loop), so the per-packet path allocates no
 * holder. Not thread-safe.
 */
public final class PacketBuffer {

    private byte[] array;
    private int offset;
    private int length;

    private PacketBuffer(byte[] array, int offset, int length) {
        set(array, offset, length);
    }

    /** A buffer over {@code array[offset, offset + length)}; the array is shared, not copied. */
    public static PacketBuffer of(byte[] array, int offset, int length) {
        return new PacketBuffer(array, offset, length);
    }

    /** A buffer over the whole array: no room to grow, so only for unprotecting. */
    public static PacketBuffer of(byte[] array) {
        return new PacketBuffer(array, 0, requireNonNull(array, "array").length);
    }

    /** A copy of {@code packet} in a fresh array with {@code room} spare octets after it. */
    public static PacketBuffer copyOf(byte[] packet, int room) {
        requireNonNull(packet, "packet");
        if (room < 0) {
            throw new IllegalArgumentException("room: " + room + " (expected: >= 0)");
        }
        return new PacketBuffer(Arrays.copyOf(packet, packet.length + room), 0, packet.length);
    }

    /** Points this buffer at another slice, for reuse. */
    public PacketBuffer set(byte[] array, int offset, int length) {
        requireNonNull(array, "array");
        checkFromIndexSize(offset, length, array.length);
        this.array = array;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** Octets free in the array after the slice. */
    public int room() {
        return array.length - offset - length;
    }

    /** The slice as a new array. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    void length(int length) {
        checkFromIndexSize(offset, length, array.length);
        this.length = length;
    }

    @Override
    public String toString() {
        // The bytes may be plaintext media: never shown.
        return "PacketBuffer[offset=" + offset + ", length=" + length + ", room=" + room() + "]";
    }
}

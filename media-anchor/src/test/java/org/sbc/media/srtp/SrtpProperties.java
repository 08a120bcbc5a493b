package org.sbc.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Invariants of {@link SrtpContext} over generated RTP packets (random CSRC counts, extensions,
 * payload sizes, sequence numbers and SSRCs), for every suite.
 */
class SrtpProperties {

    /** One generated packet: its suite and shape, and a seed for its key and contents. */
    record Shape(SrtpSuite suite, int ssrc, int seq, int csrcs, int extensionWords, int payloadLength, long seed) {

        SrtpMasterKey key() {
            byte[] keyAndSalt = new byte[suite.keyAndSaltLength()];
            new Random(seed).nextBytes(keyAndSalt);
            return SrtpMasterKey.of(suite, keyAndSalt);
        }

        byte[] packet() {
            return Packets.rtp(new Random(seed + 1), ssrc, seq, csrcs, extensionWords, payloadLength);
        }
    }

    @Provide
    Arbitrary<Shape> shapes() {
        return Combinators.combine(
                Arbitraries.of(SrtpSuite.class),
                Arbitraries.integers(),
                Arbitraries.integers().between(0, 65535),
                Arbitraries.integers().between(0, 15),
                Arbitraries.integers().between(-1, 24),
                Arbitraries.integers().between(0, 1200),
                Arbitraries.longs()).as(Shape::new);
    }

    @Property(tries = 1_000)
    void protectThenUnprotectGivesThePacketBack(@ForAll("shapes") Shape shape) {
        byte[] plain = shape.packet();
        PacketBuffer packet = PacketBuffer.copyOf(plain, 16);
        assertEquals(SrtpStatus.OK, SrtpContext.sender(shape.key()).protect(packet));
        assertEquals(plain.length + shape.suite().srtpTagLength(), packet.length());
        int header = Packets.headerLength(plain);
        assertArrayEquals(java.util.Arrays.copyOf(plain, header), java.util.Arrays.copyOf(packet.toByteArray(), header),
                "the header travels in the clear (RFC 3711 §3.1)");

        assertEquals(SrtpStatus.OK, SrtpContext.receiver(shape.key()).unprotect(packet));
        assertArrayEquals(plain, packet.toByteArray());
    }

    @Property(tries = 1_000)
    void anySingleBitFlipIsRejected(@ForAll("shapes") Shape shape, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int bitChoice) {
        PacketBuffer packet = PacketBuffer.copyOf(shape.packet(), 16);
        assertEquals(SrtpStatus.OK, SrtpContext.sender(shape.key()).protect(packet));
        byte[] wire = packet.toByteArray();
        int bit = bitChoice % (wire.length * 8);
        byte[] flipped = wire.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));

        SrtpContext receiver = SrtpContext.receiver(shape.key());
        SrtpStatus status = receiver.unprotect(PacketBuffer.of(flipped));
        int header = Packets.headerLength(shape.packet());
        if (status == SrtpStatus.MALFORMED) {
            // Only a flip in the header's structure (version, CC, X, extension length) may make it malformed.
            assertTrue(bit < header * 8, "bit " + bit + " of a " + header + "-octet header");
            assertEquals(-1, RtpHeader.length(flipped, 0, flipped.length - shape.suite().srtpTagLength()));
        } else {
            assertEquals(SrtpStatus.AUTH_FAIL, status, "bit " + bit);
        }
        assertEquals(0, receiver.streams(), "a packet that fails creates no stream");
        assertEquals(SrtpStatus.OK, receiver.unprotect(PacketBuffer.of(wire)), "nor spoils the real one");
    }

    @Property(tries = 1_000)
    void aReplayedPacketIsRejected(@ForAll("shapes") Shape shape) {
        PacketBuffer packet = PacketBuffer.copyOf(shape.packet(), 16);
        SrtpContext.sender(shape.key()).protect(packet);
        byte[] wire = packet.toByteArray();
        SrtpContext receiver = SrtpContext.receiver(shape.key());
        assertEquals(SrtpStatus.OK, receiver.unprotect(PacketBuffer.of(wire.clone())));
        assertEquals(SrtpStatus.REPLAY_FAIL, receiver.unprotect(PacketBuffer.of(wire.clone())));
    }

    @Property(tries = 1_000)
    void theSenderRefusesToProtectAnIndexTwice(@ForAll("shapes") Shape shape) {
        SrtpContext sender = SrtpContext.sender(shape.key());
        assertEquals(SrtpStatus.OK, sender.protect(PacketBuffer.copyOf(shape.packet(), 16)));
        assertEquals(SrtpStatus.REPLAY_FAIL, sender.protect(PacketBuffer.copyOf(shape.packet(), 16)));
    }

    /**
     * A run across 65535 → 0, reordered in flight by up to {@code reorder} places: every packet
     * unprotects, and the receiver's ROC ends equal to the sender's (RFC 3711 §3.3.1). The first
     * packet arrives first: the first to authenticate fixes ROC 0 at its SEQ (§3.3.1), so a packet
     * sent after the wrap cannot open a stream (it fails, and the stream opens with the next one).
     */
    @Property(tries = 150)
    void theRolloverCounterFollowsTheSequenceWrap(
            @ForAll("shapes") Shape shape,
            @ForAll @IntRange(min = 1, max = 400) int beforeWrap,
            @ForAll @IntRange(min = 1, max = 600) int count,
            @ForAll @IntRange(min = 0, max = 100) int reorder) {
        SrtpContext sender = SrtpContext.sender(shape.key());
        SrtpContext receiver = SrtpContext.receiver(shape.key());
        Random random = new Random(shape.seed());
        int start = 65536 - beforeWrap;
        List<byte[]> wire = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PacketBuffer packet = PacketBuffer.copyOf(
                    Packets.rtp(random, shape.ssrc(), (start + i) & 0xffff, shape.csrcs(), shape.extensionWords(), random.nextInt(200)), 16);
            assertEquals(SrtpStatus.OK, sender.protect(packet));
            wire.add(packet.toByteArray());
        }
        // Delivery order: packet i at time i + U(0..reorder), so no packet is overtaken by one sent
        // more than `reorder` (< the 128-packet window) after it; the first is delivered first.
        List<Integer> order = new ArrayList<>();
        int[] due = new int[count];
        for (int i = 0; i < count; i++) {
            order.add(i);
            due[i] = i == 0 ? -1 : i + random.nextInt(reorder + 1);
        }
        order.sort(java.util.Comparator.comparingInt(i -> due[i]));
        List<byte[]> sent = wire;
        wire = new ArrayList<>();
        for (int i : order) {
            wire.add(sent.get(i));
        }
        for (byte[] packet : wire) {
            assertEquals(SrtpStatus.OK, receiver.unprotect(PacketBuffer.of(packet)));
        }
        long expectedRoc = (start + count - 1) >>> 16;
        assertEquals(expectedRoc, sender.rolloverCounter(shape.ssrc()).getAsLong());
        assertEquals(sender.rolloverCounter(shape.ssrc()), receiver.rolloverCounter(shape.ssrc()));
    }

    /** The first packet to arrive may be any of them when the run does not cross a wrap. */
    @Property(tries = 300)
    void packetsInAnyOrderWithinTheWindowAreAcceptedOnce(@ForAll("shapes") Shape shape, @ForAll @IntRange(min = 1, max = 128) int count) {
        SrtpContext sender = SrtpContext.sender(shape.key());
        SrtpContext receiver = SrtpContext.receiver(shape.key());
        Random random = new Random(shape.seed());
        int start = Math.min(shape.seq(), 65536 - count);
        List<byte[]> wire = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PacketBuffer packet = PacketBuffer.copyOf(Packets.rtp(random, shape.ssrc(), start + i, 0, -1, 20), 16);
            assertEquals(SrtpStatus.OK, sender.protect(packet));
            wire.add(packet.toByteArray());
        }
        Collections.shuffle(wire, random);
        for (byte[] packet : wire) {
            assertEquals(SrtpStatus.OK, receiver.unprotect(PacketBuffer.of(packet.clone())));
        }
        for (byte[] packet : wire) {
            assertEquals(SrtpStatus.REPLAY_FAIL, receiver.unprotect(PacketBuffer.of(packet.clone())));
        }
    }

    @Property(tries = 300)
    void packetsReorderedWithinTheWindowAreAcceptedOnce(@ForAll("shapes") Shape shape, @ForAll @IntRange(min = 1, max = 128) int count) {
        SrtpContext sender = SrtpContext.sender(shape.key());
        SrtpContext receiver = SrtpContext.receiver(shape.key());
        Random random = new Random(shape.seed());
        List<byte[]> wire = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PacketBuffer packet = PacketBuffer.copyOf(Packets.rtp(random, shape.ssrc(), (shape.seq() + i) & 0xffff, 0, -1, 20), 16);
            assertEquals(SrtpStatus.OK, sender.protect(packet));
            wire.add(packet.toByteArray());
        }
        // The first sent arrives first (see above); the rest in any order, all within the window (128).
        Collections.shuffle(wire.subList(1, wire.size()), random);
        for (byte[] packet : wire) {
            assertEquals(SrtpStatus.OK, receiver.unprotect(PacketBuffer.of(packet.clone())));
        }
        for (byte[] packet : wire) {
            assertEquals(SrtpStatus.REPLAY_FAIL, receiver.unprotect(PacketBuffer.of(packet.clone())));
        }
    }

    /** Whatever arrives, unprotect answers with a status: never an exception, never OK for noise. */
    @Property(tries = 2_000)
    void arbitraryBytesNeverThrowAndNeverAuthenticate(
            @ForAll SrtpSuite suite, @ForAll @Size(max = 1500) byte[] bytes, @ForAll boolean looksLikeRtp) {
        if (looksLikeRtp && bytes.length > 0) {
            bytes[0] = (byte) (0x80 | bytes[0] & 0x3f);
        }
        byte[] keyAndSalt = new byte[suite.keyAndSaltLength()];
        SrtpMasterKey key = SrtpMasterKey.of(suite, keyAndSalt);
        assertNotEquals(SrtpStatus.OK, SrtpContext.receiver(key).unprotect(PacketBuffer.of(bytes.clone())));
        SrtpStatus protect = SrtpContext.sender(key).protect(PacketBuffer.copyOf(bytes, 16));
        assertTrue(protect == SrtpStatus.OK || protect == SrtpStatus.MALFORMED, protect.toString());
    }
}

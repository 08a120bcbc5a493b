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

/** Invariants of {@link SrtcpContext} over generated RTCP packets, for every suite. */
class SrtcpProperties {

    record Shape(SrtpSuite suite, int ssrc, int words, long seed) {

        SrtpMasterKey key() {
            byte[] keyAndSalt = new byte[suite.keyAndSaltLength()];
            new Random(seed).nextBytes(keyAndSalt);
            return SrtpMasterKey.of(suite, keyAndSalt);
        }

        byte[] packet() {
            return Packets.rtcp(new Random(seed + 1), ssrc, words);
        }
    }

    @Provide
    Arbitrary<Shape> shapes() {
        return Combinators.combine(
                Arbitraries.of(SrtpSuite.class),
                Arbitraries.integers(),
                Arbitraries.integers().between(2, 300),
                Arbitraries.longs()).as(Shape::new);
    }

    @Property(tries = 1_000)
    void protectThenUnprotectGivesThePacketBack(@ForAll("shapes") Shape shape) {
        byte[] plain = shape.packet();
        PacketBuffer packet = PacketBuffer.copyOf(plain, 20);
        assertEquals(SrtpStatus.OK, SrtcpContext.sender(shape.key()).protect(packet));
        assertEquals(plain.length + shape.suite().srtcpOverhead(), packet.length());
        byte[] wire = packet.toByteArray();
        int word = RtpHeader.readInt(wire, shape.suite().isAead() ? wire.length - 4 : wire.length - 14);
        assertEquals(0x80000000, word, "E set, first SRTCP index 0 (RFC 3711 §3.4)");

        assertEquals(SrtpStatus.OK, SrtcpContext.receiver(shape.key()).unprotect(packet));
        assertArrayEquals(plain, packet.toByteArray());
    }

    @Property(tries = 1_000)
    void anySingleBitFlipIsRejected(@ForAll("shapes") Shape shape, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int bitChoice) {
        PacketBuffer packet = PacketBuffer.copyOf(shape.packet(), 20);
        assertEquals(SrtpStatus.OK, SrtcpContext.sender(shape.key()).protect(packet));
        byte[] wire = packet.toByteArray();
        int bit = bitChoice % (wire.length * 8);
        byte[] flipped = wire.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));

        SrtcpContext receiver = SrtcpContext.receiver(shape.key());
        SrtpStatus status = receiver.unprotect(PacketBuffer.of(flipped));
        if (bit == 6 || bit == 7) {
            assertEquals(SrtpStatus.MALFORMED, status, "the version bits");
        } else {
            assertEquals(SrtpStatus.AUTH_FAIL, status, "bit " + bit);
        }
        assertEquals(0, receiver.streams());
        assertEquals(SrtpStatus.OK, receiver.unprotect(PacketBuffer.of(wire)));
    }

    @Property(tries = 1_000)
    void aReplayedPacketIsRejected(@ForAll("shapes") Shape shape) {
        PacketBuffer packet = PacketBuffer.copyOf(shape.packet(), 20);
        SrtcpContext.sender(shape.key()).protect(packet);
        byte[] wire = packet.toByteArray();
        SrtcpContext receiver = SrtcpContext.receiver(shape.key());
        assertEquals(SrtpStatus.OK, receiver.unprotect(PacketBuffer.of(wire.clone())));
        assertEquals(SrtpStatus.REPLAY_FAIL, receiver.unprotect(PacketBuffer.of(wire.clone())));
    }

    @Property(tries = 300)
    void packetsReorderedWithinTheWindowAreAcceptedOnce(@ForAll("shapes") Shape shape, @ForAll @IntRange(min = 1, max = 128) int count) {
        SrtcpContext sender = SrtcpContext.sender(shape.key());
        SrtcpContext receiver = SrtcpContext.receiver(shape.key());
        Random random = new Random(shape.seed());
        List<byte[]> wire = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PacketBuffer packet = PacketBuffer.copyOf(Packets.rtcp(random, shape.ssrc(), 2 + random.nextInt(20)), 20);
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

    @Property(tries = 2_000)
    void arbitraryBytesNeverThrowAndNeverAuthenticate(
            @ForAll SrtpSuite suite, @ForAll @Size(max = 1500) byte[] bytes, @ForAll boolean looksLikeRtcp) {
        if (looksLikeRtcp && bytes.length > 0) {
            bytes[0] = (byte) (0x80 | bytes[0] & 0x3f);
        }
        SrtpMasterKey key = SrtpMasterKey.of(suite, new byte[suite.keyAndSaltLength()]);
        assertNotEquals(SrtpStatus.OK, SrtcpContext.receiver(key).unprotect(PacketBuffer.of(bytes.clone())));
        SrtpStatus protect = SrtcpContext.sender(key).protect(PacketBuffer.copyOf(bytes, 20));
        assertTrue(protect == SrtpStatus.OK || protect == SrtpStatus.MALFORMED, protect.toString());
    }
}

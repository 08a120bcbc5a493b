package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import javax.sip.message.Request;
import org.junit.jupiter.api.Timeout;
import org.sbc.core.codec.ParsedTrees;
import org.sbc.core.codec.SipMessageDecoder;
import org.sbc.core.codec.StreamFramer;
import org.sbc.core.codec.UdpFrameDecoder;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.MalformedMessage;
import org.sbc.core.sip.MalformedMessage.Problem;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.Transport;

/**
 * Jazzer targets for the way SIP bytes become messages: a UDP datagram through
 * {@link UdpFrameDecoder} and {@link SipMessageDecoder}, a TCP byte stream through
 * {@link StreamFramer} and the same decoder.
 *
 * <p>Today's entry point is the JAIN-SIP backed {@link SipMessageDecoder}. When the message view of
 * issue 9 replaces it, re-point {@link #decoder} and {@link #encode}: the targets, their invariants
 * and the seed corpora ({@code MessageDecodingFuzzTestInputs/<method>/}) stay.
 *
 * <p>Seeds are real messages: {@code valid-*} seeds must decode (checked by {@link SeedCorpusTest}),
 * the others are the odd and hostile shapes of RFC 4475 and what scanners send.
 */
@Timeout(10)
class MessageDecodingFuzzTest {

    /** The smallest limits the config allows, so that the fuzzer reaches every limit quickly. */
    static final Limits TIGHT = new Limits(2_048, 16, 512, 32, 4_096, 120, 4 << 20);

    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40_000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5060);
    static final Peer UDP_PEER = new Peer(Transport.UDP, REMOTE, LOCAL);
    static final Peer TCP_PEER = new Peer(Transport.TCP, REMOTE, LOCAL);

    /**
     * What a message may grow by when it is encoded again: JAIN-SIP writes compact header names
     * long ({@code l:} → {@code Content-Length: }), normalises spacing, and the decoder adds
     * {@code ;received=} and {@code ;rport=} to the top Via.
     */
    private static final int GROWTH_PER_LINE = 24;
    private static final int STAMP_BYTES = 64;

    /** The decoder under test: the one place to change when the message view lands. */
    static SipMessageDecoder decoder(Limits limits) {
        return new SipMessageDecoder(limits, new Counters());
    }

    /** The bytes a decoded message goes on to the wire as. */
    static byte[] encode(ReceivedMessage message) {
        return ParsedTrees.of(message.message()).encodeAsBytes(message.peer().transport().name());
    }

    /**
     * One datagram: CR/LF only is a keep-alive and yields nothing; anything else yields exactly one
     * result, a message or a refusal with its reason, never an exception.
     */
    @FuzzTest(maxDuration = "10s")
    void udpDatagram(byte[] datagram) {
        for (Limits limits : List.of(Limits.DEFAULT, TIGHT)) {
            EmbeddedChannel channel = new EmbeddedChannel(
                    new UdpFrameDecoder(limits, new Counters()), decoder(limits));
            channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram), LOCAL, REMOTE));
            Object result = channel.readInbound();
            assertNull(channel.readInbound(), "one datagram, at most one result");
            assertFalse(channel.finish(), "nothing left behind");
            if (isKeepAlive(datagram)) {
                assertNull(result, "a CR/LF keep-alive is absorbed");
                continue;
            }
            checkResult(result, datagram, limits, UDP_PEER);
        }
    }

    /**
     * A TCP byte stream: whatever the bytes, the framer never holds more than the message limit,
     * never cuts a frame longer than it, and cuts the same frames, pongs and close however the
     * stream is split into reads. Every frame then decodes as {@link #udpDatagram} does.
     */
    @FuzzTest(maxDuration = "10s")
    void tcpStream(byte[] stream) {
        Framing whole = frame(stream, List.of(stream.length));
        Framing bytewise = frame(stream, List.of(1));
        Framing split = frame(stream, splitsOf(stream));
        assertEquals(whole, bytewise, "one read against one byte per read");
        assertEquals(whole, split, "one read against the reads " + splitsOf(stream));
        SipMessageDecoder decoder = decoder(TIGHT);
        for (byte[] frame : whole.frames()) {
            assertTrue(frame.length <= TIGHT.maxMessageBytes(), "frame of " + frame.length + " bytes");
            checkResult(decoder.decode(new SipFrame(frame, TCP_PEER)), frame, TIGHT, TCP_PEER);
        }
    }

    /** What a framer cut from a stream: frames, pongs sent, and whether it closed the stream. */
    record Framing(List<byte[]> frames, int pongs, boolean closed) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Framing that && pongs == that.pongs && closed == that.closed
                    && frames.size() == that.frames.size()
                    && java.util.stream.IntStream.range(0, frames.size())
                            .allMatch(i -> Arrays.equals(frames.get(i), that.frames.get(i)));
        }

        @Override
        public int hashCode() {
            return pongs;
        }

        @Override
        public String toString() {
            return "Framing[frames=" + frames.stream().map(f -> f.length).toList() + ", pongs=" + pongs
                    + ", closed=" + closed + "]";
        }
    }

    /** Feeds {@code stream} in reads of the given sizes (cycled) and checks the buffer bound after each. */
    static Framing frame(byte[] stream, List<Integer> readSizes) {
        StreamFramer framer = new StreamFramer(TIGHT, new Counters());
        EmbeddedChannel channel = new PeerChannel(framer);
        List<byte[]> frames = new ArrayList<>();
        int pongs = 0;
        int offset = 0;
        int read = 0;
        while (offset < stream.length && channel.isOpen()) {
            int size = Math.min(Math.max(1, readSizes.get(read++ % readSizes.size())), stream.length - offset);
            channel.writeInbound(Unpooled.wrappedBuffer(stream, offset, size));
            offset += size;
            int held = held(framer);
            assertTrue(held < TIGHT.maxMessageBytes(),
                    "the framer holds " + held + " bytes (limit " + TIGHT.maxMessageBytes() + ")");
            for (Object frame; (frame = channel.readInbound()) != null; ) {
                frames.add(((SipFrame) frame).bytes());
            }
            for (Object out; (out = channel.readOutbound()) != null; ) {
                assertArrayEquals(new byte[] {'\r', '\n'}, bytes((ByteBuf) out), "a pong is CRLF");
                pongs++;
            }
        }
        boolean closed = !channel.isOpen();
        channel.finishAndReleaseAll();
        return new Framing(frames, pongs, closed);
    }

    /** Read sizes derived from the stream itself, so that a finding replays the same way. */
    private static List<Integer> splitsOf(byte[] stream) {
        CRC32 crc = new CRC32();
        crc.update(stream);
        long seed = crc.getValue();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sizes.add(1 + (int) ((seed >>> (i * 4)) & 0xff) % 97);
        }
        return sizes;
    }

    private static final Method ACTUAL_READABLE_BYTES;

    static {
        try {
            ACTUAL_READABLE_BYTES = ByteToMessageDecoder.class.getDeclaredMethod("actualReadableBytes");
            ACTUAL_READABLE_BYTES.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The bytes the framer has received and not yet cut into a frame or discarded. */
    private static int held(StreamFramer framer) {
        try {
            return (int) ACTUAL_READABLE_BYTES.invoke(framer);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(ByteBuf buf) {
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            ReferenceCountUtil.release(buf);
        }
    }

    /**
     * The invariants of one decode: a message or a refusal; an oversized input always refused as
     * too large; a refusal answerable only when it carries what a response must echo; a message
     * with the headers every message needs (without them SipSanity drops it) encodes to bounded
     * bytes which decode again, and after one normalising round encode to themselves: what the SBC relays is something it would
     * itself accept.
     */
    /**
     * Whether an accepted message's JAIN-SIP encoding must decode again (and reach a fixpoint).
     * JAIN-SIP's encoder does not round-trip every oddity its parser accepts (a comment in a Via,
     * a header name with a bracket): real findings, which the message view of issue 9 removes as a
     * class by relaying the bytes received. The seeds and the long run check it; the build's short
     * seeded run turns it off ({@code -Dfuzz.reencode=false}) so that it fails on regressions of
     * everything else rather than on that known class.
     */
    private static final boolean CHECK_REENCODING = !"false".equals(System.getProperty("fuzz.reencode"));

    /** Request-URI schemes SipSanity lets through; any other gets 416 and is never relayed. */
    private static final Set<String> RELAYED_SCHEMES = Set.of("sip", "sips", "tel");

    static void checkResult(Object result, byte[] input, Limits limits, Peer peer) {
        if (input.length > limits.maxMessageBytes()) {
            assertTrue(result instanceof MalformedMessage m && m.problem() == Problem.TOO_LARGE,
                    "oversized input gave " + result);
            return;
        }
        if (result instanceof MalformedMessage malformed) {
            malformed.answerable().map(ParsedTrees::of).ifPresent(MessageDecodingFuzzTest::checkAnswerable);
            return;
        }
        if (!(result instanceof ReceivedMessage message)) {
            fail("neither a message nor a refusal: " + result);
            return;
        }
        SIPMessage parsed = ParsedTrees.of(message.message());
        if (parsed.getTopmostVia() == null || parsed.getFrom() == null || parsed.getTo() == null
                || parsed.getCallId() == null || parsed.getCSeq() == null) {
            return; // SipSanity drops it, before anything encodes it
        }
        if (parsed instanceof SIPRequest request && !RELAYED_SCHEMES.contains(
                String.valueOf(request.getRequestURI().getScheme()).toLowerCase(Locale.ROOT))) {
            return; // SipSanity answers 416 Unsupported URI Scheme: nothing encodes it for relaying
        }
        byte[] encoded = encode(message);
        int lines = count(input, (byte) '\n') + 1;
        int bound = input.length + lines * GROWTH_PER_LINE + STAMP_BYTES;
        assertTrue(encoded.length <= bound,
                "a " + input.length + "-byte message encoded to " + encoded.length + " bytes (bound " + bound + ")");
        if (!CHECK_REENCODING) {
            return;
        }
        Object again = decoder(Limits.DEFAULT).decode(new SipFrame(encoded, peer));
        if (!(again instanceof ReceivedMessage reparsed)) {
            if (KnownIssues.displayNameReencodedUnquotable(ParsedTrees.of(message.message()))) {
                return;
            }
            fail("the encoding of an accepted message is refused: " + again + "\n" + Printable.of(encoded));
            return;
        }
        // One round may normalise (JAIN-SIP writes an empty parameter value "p=" back as "p"); after
        // that the encoding must be a fixpoint.
        byte[] reencoded = encode(reparsed);
        Object third = decoder(Limits.DEFAULT).decode(new SipFrame(reencoded, peer));
        assertTrue(third instanceof ReceivedMessage, () -> "the second encoding is refused: " + third);
        byte[] fixpoint = encode((ReceivedMessage) third);
        assertArrayEquals(reencoded, fixpoint,
                () -> "encoding is not stable:\n" + Printable.of(reencoded) + "\nthen\n" + Printable.of(fixpoint));
    }

    private static void checkAnswerable(SIPRequest request) {
        assertFalse(Request.ACK.equals(request.getMethod()), "an ACK is never answered");
        assertTrue(request.getTopmostVia() != null && request.getFrom() != null && request.getTo() != null
                && request.getCallId() != null && request.getCSeq() != null, "answerable without the headers to echo");
    }

    static boolean isKeepAlive(byte[] datagram) {
        for (byte b : datagram) {
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static int count(byte[] bytes, byte value) {
        int n = 0;
        for (byte b : bytes) {
            if (b == value) {
                n++;
            }
        }
        return n;
    }

    /** An EmbeddedChannel with socket addresses, as the framer reads them to name the peer. */
    static final class PeerChannel extends EmbeddedChannel {
        PeerChannel(io.netty.channel.ChannelHandler handler) {
            super(handler);
        }

        @Override
        protected java.net.SocketAddress remoteAddress0() {
            return REMOTE;
        }

        @Override
        protected java.net.SocketAddress localAddress0() {
            return LOCAL;
        }
    }
}

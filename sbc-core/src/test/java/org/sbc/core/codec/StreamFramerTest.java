package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.FakeAddressChannel;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.TestPeers;

class StreamFramerTest {

    private static final InetSocketAddress REMOTE = TestPeers.address("198.51.100.30", 49152);
    private static final Limits LIMITS = new Limits(1_024, 100, 512, 32, 4_096, 120, 65_536);

    private final Counters counters = new Counters();
    private final FakeAddressChannel channel =
            new FakeAddressChannel(REMOTE, TestPeers.SBC, new StreamFramer(LIMITS, counters));

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private void assertFrame(String expected) {
        SipFrame frame = channel.readInbound();
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), frame.bytes());
        assertEquals(Transport.TCP, frame.peer().transport());
        assertEquals(REMOTE, frame.peer().remote());
        assertEquals(TestPeers.SBC, frame.peer().local());
    }

    @Test
    void cutsTwoMessagesInOneWriteIntoTwoFrames() {
        String first = SipMessages.options().text();
        String second = SipMessages.options().header("Call-ID", "second@192.0.2.1").body("hello").text();

        assertTrue(channel.writeInbound(bytes(first + second)));

        assertFrame(first);
        assertFrame(second);
        assertFalse(channel.finish());
    }

    @Test
    void assemblesOneFrameFromOneByteWrites() {
        String message = SipMessages.options().body("v=0\r\n").text();
        byte[] raw = message.getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < raw.length - 1; i++) {
            assertFalse(channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {raw[i]})), "frame before byte " + i);
        }
        assertTrue(channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {raw[raw.length - 1]})));

        assertFrame(message);
        assertFalse(channel.finish());
    }

    @Test
    void readsBodyByContentLengthEvenWhenItLooksLikeHeaders() {
        String message = SipMessages.options().body("a: b\r\n\r\nOPTIONS x").text();
        String next = SipMessages.options().text();

        channel.writeInbound(bytes(message + next));

        assertFrame(message);
        assertFrame(next);
    }

    @Test
    void waitsForTheRestOfTheBody() {
        String message = SipMessages.options().body("0123456789").text();

        assertFalse(channel.writeInbound(bytes(message.substring(0, message.length() - 3))));
        assertTrue(channel.writeInbound(bytes(message.substring(message.length() - 3))));

        assertFrame(message);
        assertTrue(channel.isOpen());
    }

    @Test
    void answersCrlfCrlfPingWithCrlfPong() {
        assertFalse(channel.writeInbound(bytes("\r\n\r\n")));

        ByteBuf pong = channel.readOutbound();
        assertEquals("\r\n", pong.toString(StandardCharsets.US_ASCII));
        pong.release();
        assertEquals(1, counters.get(Counter.KEEPALIVES_RECEIVED));
        assertNull(channel.readOutbound());
        assertFalse(channel.finish());
    }

    @Test
    void answersPingSplitAcrossReadsOnce() {
        channel.writeInbound(bytes("\r\n"));
        assertNull(channel.readOutbound());

        channel.writeInbound(bytes("\r\n"));

        ((ByteBuf) channel.readOutbound()).release();
        assertNull(channel.readOutbound());
        assertEquals(1, counters.get(Counter.KEEPALIVES_RECEIVED));
    }

    @Test
    void framesMessageAfterPing() {
        String message = SipMessages.options().text();

        channel.writeInbound(bytes("\r\n\r\n" + message));

        ((ByteBuf) channel.readOutbound()).release();
        assertFrame(message);
        assertFalse(channel.finish());
    }

    @Test
    void passesMalformedButFramedMessageOnAndStaysOpen() {
        String message = SipMessages.options().add("Subject", "a\u0000b").text();

        channel.writeInbound(bytes(message));

        assertFrame(message);
        assertTrue(channel.isOpen());
        assertEquals(0, counters.get(Counter.TCP_STREAMS_BROKEN));
    }

    @Test
    void closesStreamWithoutHeaderEndWithinMaxMessageBytes() {
        String head = SipMessages.options().text().replace("\r\n\r\n", "\r\n");
        channel.writeInbound(bytes(head));
        assertTrue(channel.isOpen(), "a header block still arriving is not yet a broken stream");

        channel.writeInbound(bytes("Subject: " + "x".repeat(LIMITS.maxMessageBytes())));

        assertFalse(channel.isOpen());
        assertEquals(1, counters.get(Counter.TCP_STREAMS_BROKEN));
        assertNull(channel.readInbound());
    }

    @Test
    void closesStreamWhenContentLengthPushesPastMaxMessageBytes() {
        String head = SipMessages.options().header("Content-Length", Integer.toString(LIMITS.maxMessageBytes())).text();

        channel.writeInbound(bytes(head));

        assertFalse(channel.isOpen());
        assertEquals(1, counters.get(Counter.TCP_STREAMS_BROKEN));
        assertNull(channel.readInbound());
    }

    @Test
    void closesStreamOnConflictingContentLengths() {
        String message = SipMessages.options().add("l", "5").body("").text();

        channel.writeInbound(bytes(message + "hello"));

        assertFalse(channel.isOpen());
        assertEquals(1, counters.get(Counter.TCP_STREAMS_BROKEN));
        assertNull(channel.readInbound());
    }

    /** Folding (RFC 3261 §7.3.1) makes JAIN-SIP read this Content-Length as 5, so framing at 0 would smuggle. */
    @Test
    void closesStreamOnContentLengthContinuedOnFoldedLine() {
        String message = SipMessages.options().header("Content-Length", "0\r\n 5").text();

        channel.writeInbound(bytes(message + "hello" + SipMessages.options().text()));

        assertNull(channel.readInbound(), "no frame may be cut at a length the parser disagrees with");
        assertFalse(channel.isOpen());
        assertEquals(1, counters.get(Counter.TCP_STREAMS_BROKEN));
    }

    @Test
    void framesMessageOfExactlyMaxMessageBytes() {
        String empty = SipMessages.options().body("").text(); // Content-Length: 0 grows by two digits below
        String message = SipMessages.options().body("x".repeat(LIMITS.maxMessageBytes() - empty.length() - 2)).text();
        assertEquals(LIMITS.maxMessageBytes(), message.length());

        channel.writeInbound(bytes(message));

        assertFrame(message);
        assertTrue(channel.isOpen());
    }
}

package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.MalformedMessage;
import org.sbc.core.sip.MalformedMessage.Problem;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.TestPeers;

class UdpFrameDecoderTest {

    private static final InetSocketAddress SENDER = TestPeers.address("198.51.100.20", 5062);
    private static final Limits LIMITS = new Limits(1_024, 100, 512, 32, 4_096, 120, 65_536);

    private final Counters counters = new Counters();
    private final EmbeddedChannel channel = new EmbeddedChannel(new UdpFrameDecoder(LIMITS, counters));

    private static DatagramPacket datagram(ByteBuf content) {
        return new DatagramPacket(content, TestPeers.SBC, SENDER);
    }

    @Test
    void turnsDatagramIntoFrameWithSenderAsRemote() {
        byte[] bytes = SipMessages.options().bytes();

        assertTrue(channel.writeInbound(datagram(Unpooled.wrappedBuffer(bytes))));

        SipFrame frame = channel.readInbound();
        assertArrayEquals(bytes, frame.bytes());
        assertEquals(Transport.UDP, frame.peer().transport());
        assertEquals(SENDER, frame.peer().remote());
        assertEquals(TestPeers.SBC, frame.peer().local());
        assertEquals(1, counters.get(Counter.UDP_DATAGRAMS_RECEIVED));
        assertFalse(channel.finish());
    }

    @Test
    void releasesTheDatagram() {
        DatagramPacket packet = datagram(Unpooled.wrappedBuffer(SipMessages.options().bytes()));

        channel.writeInbound(packet);

        assertEquals(0, packet.refCnt());
        assertTrue(channel.finishAndReleaseAll());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r\n", "\r\n\r\n", "\n", ""})
    void absorbsCrlfKeepAliveWithoutFrame(String keepAlive) {
        assertFalse(channel.writeInbound(datagram(Unpooled.copiedBuffer(keepAlive, StandardCharsets.US_ASCII))));

        assertEquals(1, counters.get(Counter.KEEPALIVES_RECEIVED));
        assertEquals(1, counters.get(Counter.UDP_DATAGRAMS_RECEIVED));
        assertFalse(channel.finish());
    }

    @Test
    void passesDatagramWithLeadingCrlfAndMessageOn() {
        byte[] bytes = ("\r\n" + SipMessages.options().text()).getBytes(StandardCharsets.US_ASCII);

        assertTrue(channel.writeInbound(datagram(Unpooled.wrappedBuffer(bytes))));

        assertInstanceOf(SipFrame.class, channel.readInbound());
        assertEquals(0, counters.get(Counter.KEEPALIVES_RECEIVED));
    }

    @Test
    void refusesOversizeDatagramWithoutCopyingIt() {
        CopyCountingBuf content = new CopyCountingBuf(new byte[LIMITS.maxMessageBytes() + 1]);

        assertTrue(channel.writeInbound(datagram(content)));

        MalformedMessage malformed = channel.readInbound();
        assertEquals(Problem.TOO_LARGE, malformed.problem());
        assertTrue(malformed.answerable().isEmpty());
        assertEquals(SENDER, malformed.peer().remote());
        assertEquals(0, content.copies);
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void refusesOversizeDatagramEvenIfAllCrlf() {
        byte[] crlf = new byte[LIMITS.maxMessageBytes() + 2];
        for (int i = 0; i < crlf.length; i += 2) {
            crlf[i] = '\r';
            crlf[i + 1] = '\n';
        }

        channel.writeInbound(datagram(Unpooled.wrappedBuffer(crlf)));

        assertEquals(Problem.TOO_LARGE, ((MalformedMessage) channel.readInbound()).problem());
        assertEquals(0, counters.get(Counter.KEEPALIVES_RECEIVED));
    }

    @Test
    void copiesDatagramOfExactlyMaxBytesOnce() {
        byte[] bytes = new byte[LIMITS.maxMessageBytes()];
        Arrays.fill(bytes, (byte) 'A');
        CopyCountingBuf content = new CopyCountingBuf(bytes);

        channel.writeInbound(datagram(content));

        assertArrayEquals(bytes, ((SipFrame) channel.readInbound()).bytes());
        assertEquals(1, content.copies);
        assertFalse(channel.finish());
    }

    /** A heap buffer that hides its array and counts copies out of it. */
    private static final class CopyCountingBuf extends UnpooledHeapByteBuf {
        int copies;

        CopyCountingBuf(byte[] bytes) {
            super(ByteBufAllocator.DEFAULT, bytes, bytes.length);
        }

        @Override
        public boolean hasArray() {
            return false;
        }

        @Override
        public ByteBuf getBytes(int index, byte[] dst, int dstIndex, int length) {
            copies++;
            return super.getBytes(index, dst, dstIndex, length);
        }
    }
}

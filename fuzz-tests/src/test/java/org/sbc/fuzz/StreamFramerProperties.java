package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.sbc.core.codec.StreamFramer;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.SipFrame;

/** However TCP splits a stream of messages into reads, the framer cuts the same messages. */
class StreamFramerProperties {

    private static final String MESSAGE = SipMessageDecoderProperties.VALID;

    @Property(tries = 1_000)
    void framesDoNotDependOnHowTheStreamIsSplit(
            @ForAll @IntRange(min = 1, max = 4) int messages,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 200) Integer> chunkSizes,
            @ForAll boolean pingsBetween) {
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < messages; i++) {
            stream.append(MESSAGE);
            if (pingsBetween) {
                stream.append("\r\n\r\n");
            }
        }
        byte[] bytes = stream.toString().getBytes(StandardCharsets.US_ASCII);
        EmbeddedChannel channel = new PeerChannel(new StreamFramer(Limits.DEFAULT, new Counters()));
        int offset = 0;
        int chunk = 0;
        while (offset < bytes.length) {
            int size = Math.min(chunkSizes.get(chunk++ % chunkSizes.size()), bytes.length - offset);
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, offset, size));
            offset += size;
        }
        List<SipFrame> frames = new ArrayList<>();
        SipFrame frame;
        while ((frame = channel.readInbound()) != null) {
            frames.add(frame);
        }
        assertEquals(messages, frames.size());
        for (SipFrame f : frames) {
            assertArrayEquals(MESSAGE.getBytes(StandardCharsets.US_ASCII), f.bytes());
        }
        int pongs = 0;
        Object out;
        while ((out = channel.readOutbound()) != null) {
            pongs++;
            io.netty.util.ReferenceCountUtil.release(out);
        }
        assertEquals(pingsBetween ? messages : 0, pongs);
        channel.finishAndReleaseAll();
        assertNull(channel.readInbound());
    }

    /** An EmbeddedChannel with socket addresses, as the framer reads them to name the peer. */
    static final class PeerChannel extends EmbeddedChannel {
        PeerChannel(io.netty.channel.ChannelHandler handler) {
            super(handler);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress("127.0.0.2", 40000);
        }

        @Override
        protected SocketAddress localAddress0() {
            return new InetSocketAddress("127.0.0.1", 5060);
        }
    }
}

package org.sbc.core.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import org.sbc.core.codec.SipMessageDecoder;
import org.sbc.core.config.Limits;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.SipConfig;
import org.sbc.core.edge.EdgeContext;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.MalformedMessage;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.Responses;
import org.sbc.core.sip.SipFrame;

/** Shared steps of the edge tests: decode with the production decoder, read what was sent. */
public final class SipTesting {

    private SipTesting() {}

    /**
     * What one edge step did with {@code message} from {@code peer}: the status it answered, 0 when
     * it dropped the message, -1 when it passed the very message on and sent nothing.
     */
    public static int outcome(ChannelHandler step, SipMessages message, Peer peer) {
        EmbeddedChannel channel = new EmbeddedChannel(step);
        ReceivedMessage received = received(message, peer);
        if (channel.writeInbound(received)) {
            assertSame(received, channel.readInbound());
            assertNull(channel.readOutbound());
            return -1;
        }
        if (channel.outboundMessages().isEmpty()) {
            return 0;
        }
        return Sent.readFrom(channel).response().getStatusCode();
    }

    /** What the production decoder makes of {@code message} from {@code peer}. */
    public static Object decode(SipMessages message, Peer peer) {
        return new SipMessageDecoder(Limits.DEFAULT, new Counters()).decode(new SipFrame(message.bytes(), peer));
    }

    /** {@code message} decoded from {@code peer}; fails the test if it did not decode cleanly. */
    public static ReceivedMessage received(SipMessages message, Peer peer) {
        return assertInstanceOf(ReceivedMessage.class, decode(message, peer));
    }

    public static MalformedMessage malformed(SipMessages message, Peer peer) {
        return assertInstanceOf(MalformedMessage.class, decode(message, peer));
    }

    public static EdgeContext edgeContext(Counters counters) {
        return EdgeContext.of(new Responses(Optional.empty()), counters);
    }

    /** The embedded default config with a Server header and aliases of the test's choosing. */
    public static SbcConfig config(Optional<String> serverHeader, List<String> aliases) {
        SbcConfig d = SbcConfig.defaults();
        return d.withSip(new SipConfig(serverHeader, aliases));
    }

    /** A response the channel wrote, and where it went (null over a stream transport). */
    public record Sent(SIPResponse response, InetSocketAddress recipient) {

        /** Reads the next outbound message, which must be a response, and releases its buffer. */
        public static Sent readFrom(EmbeddedChannel channel) {
            Object written = channel.readOutbound();
            assertNotNull(written, "nothing was sent");
            if (written instanceof DatagramPacket packet) {
                try {
                    return new Sent(parse(packet.content()), packet.recipient());
                } finally {
                    packet.release();
                }
            }
            ByteBuf buf = assertInstanceOf(ByteBuf.class, written);
            try {
                return new Sent(parse(buf), null);
            } finally {
                buf.release();
            }
        }
    }

    private static SIPResponse parse(ByteBuf content) {
        try {
            return assertInstanceOf(SIPResponse.class,
                    new StringMsgParser().parseSIPMessage(ByteBufUtil.getBytes(content), true, false, null));
        } catch (ParseException e) {
            throw new AssertionError("the SBC sent an unparseable response", e);
        }
    }
}

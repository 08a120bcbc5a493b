package org.sbc.core.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import java.util.Optional;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.MalformedMessage;
import org.sbc.core.sip.MalformedMessage.Problem;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.Transport;

/**
 * UDP framing: one datagram is one message. Oversized datagrams are refused before a byte is
 * copied, and datagrams of nothing but CR/LF (NAT keep-alives) are absorbed without an answer.
 */
@Sharable
public final class UdpFrameDecoder extends MessageToMessageDecoder<DatagramPacket> {

    private final int maxMessageBytes;
    private final Counters counters;

    public UdpFrameDecoder(Limits limits, Counters counters) {
        super(DatagramPacket.class);
        this.maxMessageBytes = limits.maxMessageBytes();
        this.counters = counters;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        counters.increment(Counter.UDP_DATAGRAMS_RECEIVED);
        Peer peer = new Peer(Transport.UDP, packet.sender(), packet.recipient());
        ByteBuf content = packet.content();
        if (content.readableBytes() > maxMessageBytes) {
            out.add(new MalformedMessage(Problem.TOO_LARGE, Optional.empty(), peer));
            return;
        }
        if (isKeepAlive(content)) {
            counters.increment(Counter.KEEPALIVES_RECEIVED);
            return;
        }
        out.add(new SipFrame(ByteBufUtil.getBytes(content), peer));
    }

    private static boolean isKeepAlive(ByteBuf content) {
        return content.forEachByte(b -> b == '\r' || b == '\n') == -1;
    }
}

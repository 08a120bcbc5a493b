package org.sbc.core.sip;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.sbc.core.codec.RawAnswer;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.codec.ViaHop;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Sends a response the SBC generated back towards the request's sender, per RFC 3261 §18.2.2
 * and RFC 3581 §4.
 *
 * <p>Over TCP the response goes on the connection the request came on. Over UDP it goes to the
 * source address of the request; to the source port when the request asked for {@code rport},
 * otherwise to the port in its Via sent-by (5060 when absent). A Via {@code maddr} is not
 * honoured: it would let any sender aim our responses at a third party.
 */
public final class ResponseSender {

    private static final int DEFAULT_SIP_PORT = 5060;

    private final Counters counters;

    public ResponseSender(Counters counters) {
        this.counters = counters;
    }

    public void send(Channel channel, Peer peer, SipResponse response) {
        send(channel, peer, response.encode(peer.transport().token()),
                peer.transport().isReliable() ? null : destination(peer, response));
    }

    /**
     * A response built from a request's raw lines ({@code bytes}, from {@code raw}), sent and
     * counted the same way; over UDP to the address {@link RawAnswer#udpDestination} names.
     */
    public void send(Channel channel, Peer peer, RawAnswer raw, byte[] bytes) {
        send(channel, peer, bytes, peer.transport().isReliable() ? null : raw.udpDestination(peer.remote()));
    }

    private void send(Channel channel, Peer peer, byte[] bytes, InetSocketAddress udpDestination) {
        Object message = peer.transport().isReliable()
                ? Unpooled.wrappedBuffer(bytes)
                : new DatagramPacket(Unpooled.wrappedBuffer(bytes), udpDestination);
        counters.increment(Counter.RESPONSES_SENT);
        DatagramFlush.write(channel, message).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                counters.increment(Counter.SEND_FAILURES);
            }
        });
    }

    static InetSocketAddress destination(Peer peer, SipResponse response) {
        ViaHop via = response.topVia().orElse(null);
        int port;
        if (via != null && via.rport()) {
            port = peer.remote().getPort();
        } else if (via != null && via.port() > 0) {
            port = via.port();
        } else {
            port = DEFAULT_SIP_PORT;
        }
        return new InetSocketAddress(peer.remote().getAddress(), port);
    }
}

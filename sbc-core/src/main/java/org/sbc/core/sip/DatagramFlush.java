package org.sbc.core.sip;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.AttributeKey;

/**
 * One flush per turn of a datagram socket's event loop for everything written to it during that
 * turn, instead of one per message: the loop handles every datagram that arrived since its last
 * turn, each answered or relayed, and Netty sends what waits at a flush with one
 * {@code sendmmsg} instead of a {@code sendto} each. A message leaves at the end of the turn it
 * was written in, after the datagrams of that turn are handled, not later.
 *
 * <p>Only for a datagram channel written on its own event loop, where the B2BUA and the edge's
 * answers send from; any other write (a stream, another thread, a test's embedded channel) is
 * flushed at once.
 */
public final class DatagramFlush implements Runnable {

    private static final AttributeKey<DatagramFlush> KEY = AttributeKey.valueOf(DatagramFlush.class, "pending");

    private final Channel channel;
    /** A flush is queued on the loop; touched on the loop only. */
    private boolean queued;

    private DatagramFlush(Channel channel) {
        this.channel = channel;
    }

    /** Writes {@code message} to {@code channel}, flushed now or at the end of this loop turn. */
    public static ChannelFuture write(Channel channel, Object message) {
        if (!(channel instanceof DatagramChannel) || !channel.eventLoop().inEventLoop()) {
            return channel.writeAndFlush(message);
        }
        ChannelFuture written = channel.write(message);
        DatagramFlush flush = channel.attr(KEY).get();
        if (flush == null) {
            flush = new DatagramFlush(channel);
            channel.attr(KEY).set(flush);
        }
        if (!flush.queued) {
            flush.queued = true;
            channel.eventLoop().execute(flush);
        }
        return written;
    }

    @Override
    public void run() {
        queued = false;
        channel.flush();
    }
}

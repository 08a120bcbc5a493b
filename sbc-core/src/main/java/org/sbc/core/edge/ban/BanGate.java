package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Refuses banned sources before a byte is parsed: the first handler of a UDP pipeline (a
 * datagram from a banned address is released unread, counted, never answered) and of a TCP
 * pipeline (a connection from a banned address is closed on accept, before the connection
 * limiter counts it). Connections it lets in are registered, so that a later ban can close them.
 *
 * <p>It protects the SBC itself, so it enforces directly; in {@code monitor} mode it only
 * counts what it would have refused. Fails open only by precedence: a trusted or allowed
 * address inside a banned network passes.
 */
@Sharable
public final class BanGate extends ChannelInboundHandlerAdapter {

    private final BanTable table;
    private final ConnectionRegistry connections;
    private final Counters counters;
    private final boolean enforce;

    public BanGate(BanTable table, ConnectionRegistry connections, Counters counters) {
        this.table = requireNonNull(table, "table");
        this.connections = requireNonNull(connections, "connections");
        this.counters = requireNonNull(counters, "counters");
        this.enforce = table.mode().enforces();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet && table.refuses(packet.sender().getAddress())) {
            if (enforce) {
                counters.increment(Counter.BAN_DATAGRAMS_DROPPED);
                packet.release();
                return;
            }
            counters.increment(Counter.BAN_MONITORED);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            if (table.refuses(remote.getAddress())) {
                if (enforce) {
                    counters.increment(Counter.BAN_CONNECTIONS_REFUSED);
                    ctx.close();
                    return;
                }
                counters.increment(Counter.BAN_MONITORED);
            }
            connections.register(ctx.channel(), remote.getAddress());
        }
        ctx.fireChannelActive();
    }
}

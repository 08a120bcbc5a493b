package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.sbc.core.edge.reputation.Reputation;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Refuses banned sources before a byte is parsed: the first handler of a UDP pipeline (a
 * datagram from a banned address is released unread, counted, never answered) and of a TCP
 * pipeline (a connection from a banned address is closed on accept, before the connection
 * limiter counts it). Connections it lets in are registered, so that a later ban can close them.
 *
 * <p>What to refuse is {@link Reputation}'s answer (trusted, allowed, banned, listed by a feed,
 * refused by country: the precedence lives there); this class only carries it out and counts.
 *
 * <p>It protects the SBC itself, so it enforces directly; in {@code monitor} mode it only
 * counts the bans it would have enforced. Fails open only by precedence: a trusted or allowed
 * address inside a banned network passes.
 */
@Sharable
public final class BanGate extends ChannelInboundHandlerAdapter {

    private final Reputation reputation;
    private final ConnectionRegistry connections;
    private final Counters counters;
    private final boolean enforce;

    /** The ban table alone: no feeds, no GeoIP. */
    public BanGate(BanTable table, ConnectionRegistry connections, Counters counters) {
        this(Reputation.bansOnly(table, counters), connections, counters);
    }

    public BanGate(Reputation reputation, ConnectionRegistry connections, Counters counters) {
        this.reputation = requireNonNull(reputation, "reputation");
        this.connections = requireNonNull(connections, "connections");
        this.counters = requireNonNull(counters, "counters");
        this.enforce = reputation.bans().mode().enforces();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet && refuses(packet.sender().getAddress(), Counter.BAN_DATAGRAMS_DROPPED)) {
            packet.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            if (refuses(remote.getAddress(), Counter.BAN_CONNECTIONS_REFUSED)) {
                ctx.close();
                return;
            }
            connections.register(ctx.channel(), remote.getAddress());
        }
        ctx.fireChannelActive();
    }

    /** True when the source is to be refused; counts the refusal (reputation counts its own). */
    private boolean refuses(InetAddress address, Counter banned) {
        switch (reputation.judge(address)) {
            case PASS:
            case FEED_REJECT: // answered 403 once parsed (FeedRejectStep)
                return false;
            case BANNED:
                if (enforce) {
                    counters.increment(banned);
                    return true;
                }
                counters.increment(Counter.BAN_MONITORED);
                return false;
            default:
                return true;
        }
    }
}

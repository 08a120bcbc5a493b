package org.sbc.core.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Caps open TCP connections per source address and in total, so that one host (or many) cannot
 * take every file descriptor. A connection over either cap is closed before a byte is read.
 * The table holds only sources with open connections, so it is bounded by the total cap.
 */
@Sharable
public final class TcpConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("sbc.tcp.counted");

    private final int perSource;
    private final int total;
    private final Counters counters;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicInteger openTotal = new AtomicInteger();

    public TcpConnectionLimiter(Limits limits, Counters counters) {
        this.perSource = limits.tcpConnectionsPerSource();
        this.total = limits.tcpConnectionsTotal();
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        if (!tryAcquire(source)) {
            counters.increment(Counter.TCP_CONNECTIONS_REFUSED);
            ctx.close();
            return;
        }
        ctx.channel().attr(COUNTED).set(source);
        counters.increment(Counter.TCP_CONNECTIONS_ACCEPTED);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        InetAddress source = ctx.channel().attr(COUNTED).getAndSet(null);
        if (source != null) {
            release(source);
        }
        ctx.fireChannelInactive();
    }

    boolean tryAcquire(InetAddress source) {
        if (openTotal.incrementAndGet() > total) {
            openTotal.decrementAndGet();
            return false;
        }
        boolean[] admitted = {false};
        open.compute(source, (address, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            admitted[0] = c.get() < perSource;
            if (admitted[0]) {
                c.incrementAndGet();
            }
            return c.get() == 0 ? null : c;
        });
        if (!admitted[0]) {
            openTotal.decrementAndGet();
        }
        return admitted[0];
    }

    void release(InetAddress source) {
        open.computeIfPresent(source, (address, count) -> count.decrementAndGet() == 0 ? null : count);
        openTotal.decrementAndGet();
    }

    /** Open connections from {@code source}; for tests and the admin API. */
    public int openFrom(InetAddress source) {
        AtomicInteger count = open.get(source);
        return count == null ? 0 : count.get();
    }

    public int openTotal() {
        return openTotal.get();
    }
}

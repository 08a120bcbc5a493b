package org.sbc.core.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/** Closes a TCP connection that an {@link io.netty.handler.timeout.IdleStateHandler} reports idle. */
@Sharable
public final class IdleConnectionCloser extends ChannelInboundHandlerAdapter {

    private final Counters counters;

    public IdleConnectionCloser(Counters counters) {
        this.counters = counters;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            counters.increment(Counter.TCP_CONNECTIONS_IDLE_CLOSED);
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }
}

package org.sbc.core.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Closes a TCP connection that an {@link io.netty.handler.timeout.IdleStateHandler} reports idle,
 * unless it carries a live registration: a phone is reachable only over the connection it
 * registered on, so that one stays open until {@link #KEEP_OPEN_UNTIL}. The idle handler reports
 * again after each further idle period, so a lease that has run out closes it then.
 */
@Sharable
public final class IdleConnectionCloser extends ChannelInboundHandlerAdapter {

    /** Epoch milliseconds until which the connection is kept open however idle it is. */
    public static final AttributeKey<Long> KEEP_OPEN_UNTIL = AttributeKey.valueOf("sbc.keepOpenUntil");

    private final Counters counters;

    public IdleConnectionCloser(Counters counters) {
        this.counters = counters;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            Long until = ctx.channel().attr(KEEP_OPEN_UNTIL).get();
            if (until != null && until > System.currentTimeMillis()) {
                counters.increment(Counter.TCP_CONNECTIONS_KEPT_FOR_REGISTRATION);
                return;
            }
            counters.increment(Counter.TCP_CONNECTIONS_IDLE_CLOSED);
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }
}

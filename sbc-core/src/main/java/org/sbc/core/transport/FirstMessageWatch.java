package org.sbc.core.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.sbc.core.sip.SipFrame;

/**
 * Tells the connection limiter when a connection has sent its first complete SIP message (the
 * stream framer cut one), then leaves the pipeline: from then on the connection is one that
 * speaks SIP, never closed to make room, and its first-message deadline no longer runs.
 */
@Sharable
public final class FirstMessageWatch extends ChannelInboundHandlerAdapter {

    private final TcpConnectionLimiter limiter;

    public FirstMessageWatch(TcpConnectionLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof SipFrame) {
            limiter.proven(ctx.channel());
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }
}

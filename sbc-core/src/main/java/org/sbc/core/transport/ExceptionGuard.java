package org.sbc.core.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramChannel;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import org.sbc.core.log.SourceRateLimitedLog;

/**
 * The last handler: an exception that reaches it is a bug of ours, not bad input (bad input is
 * a result, never an exception). A UDP channel is shared by every peer, so it stays open; a TCP
 * connection belongs to one peer and is closed.
 */
@Sharable
public final class ExceptionGuard extends ChannelInboundHandlerAdapter {

    private static final SourceRateLimitedLog LOG =
            SourceRateLimitedLog.perMinute(System.getLogger(ExceptionGuard.class.getName()));

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        if (ctx.channel() instanceof DatagramChannel || remote == null) {
            InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
            LOG.log(Level.WARNING, local.getAddress(),
                    () -> "unexpected error on " + local + " (listener kept open): " + cause);
            return;
        }
        LOG.log(Level.WARNING, remote.getAddress(),
                () -> "closing TCP connection from " + remote + " after an unexpected error: " + cause);
        ctx.close();
    }
}

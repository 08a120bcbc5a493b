package org.sbc.core.b2bua;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipSide;

/** The end of the edge pipeline: every message that passed the edge goes to the B2BUA. */
@Sharable
public final class B2buaHandler extends ChannelInboundHandlerAdapter {

    private final B2bua b2bua;

    public B2buaHandler(B2bua b2bua) {
        this.b2bua = b2bua;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ReceivedMessage message) {
            b2bua.receive(message, SipSide.of(ctx.channel()), ctx.channel());
            return;
        }
        ctx.fireChannelRead(msg);
    }
}

package org.sbc.core.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.sbc.core.sip.InboundBacklog;

/**
 * Tells {@link InboundBacklog} how each read of one UDP socket ended: first in its pipeline, so
 * that every datagram counts, whatever the gates after it decide.
 *
 * <p>Netty ends a read pass when a {@code recvmmsg} returns fewer datagrams than it had slots for
 * (the socket is empty) or after one full batch (our allocator reads one batch a pass, and the
 * socket may hold more). A pass that filled its batch is therefore the sign that datagrams wait.
 * One instance per socket.
 */
final class BacklogWatch extends ChannelInboundHandlerAdapter {

    private final InboundBacklog backlog;
    private final InboundBacklog.Socket socket;
    private final int batch;
    private int read;

    /** @param batch the datagrams one read takes at most */
    BacklogWatch(InboundBacklog backlog, int batch) {
        this.backlog = backlog;
        this.socket = backlog.watch();
        this.batch = batch;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        read++;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        socket.readEnded(read >= batch);
        read = 0;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        backlog.forget(socket);
        super.channelInactive(ctx);
    }
}

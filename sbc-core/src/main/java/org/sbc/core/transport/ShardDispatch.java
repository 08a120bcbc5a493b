package org.sbc.core.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.sbc.core.codec.HeaderBlockScan;
import org.sbc.core.codec.HeaderBlockScanner;
import org.sbc.core.sip.SipFrame;

/**
 * Hands each UDP frame, before it is parsed, to the event loop that owns its call, so that the
 * parse, the edge steps and the B2BUA all run there.
 *
 * <p>With SO_REUSEPORT the kernel spreads datagrams over the loops' sockets by their addresses,
 * so everything one peer sends (a PBX, a trunk, a load generator: one address and port) lands on
 * one socket, and that socket's loop parsed all of it while the others idled; the B2BUA then
 * handed most of it on to the loop of its call anyway. The frame now crosses before the parse,
 * to the same socket's twin on the owning loop, which continues the pipeline after this handler.
 * What stays: a frame whose owner cannot be told from its bytes ({@code B2bua.loopOf}), and, when
 * {@value #MAX_IN_FLIGHT} frames are already on their way, whatever comes next (the B2BUA then
 * hands it over after the parse, as before), so the hand-over never queues without bound.
 *
 * <p>The frame's header block is scanned here, once: the Call-ID is read from the scan's line
 * index, and the scan travels with the frame, so that the decoder does not scan the bytes again.
 *
 * <p>One instance per UDP listen entry, shared by its sockets (one per loop).
 */
@Sharable
public final class ShardDispatch extends ChannelInboundHandlerAdapter {

    static final int MAX_IN_FLIGHT = 8_192;

    /** Which loop owns the call of a frame's bytes; null when that cannot be told before the parse. */
    @FunctionalInterface
    public interface Owner {
        EventLoop loopOf(byte[] frame, HeaderBlockScan scan);
    }

    private final HeaderBlockScanner scanner;
    private final Owner owner;
    /** Each loop's socket of this listen entry: where a frame for that loop goes on. */
    private final Map<EventLoop, ChannelHandlerContext> twins = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    public ShardDispatch(HeaderBlockScanner scanner, Owner owner) {
        this.scanner = scanner;
        this.owner = owner;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        twins.put(ctx.channel().eventLoop(), ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        twins.remove(ctx.channel().eventLoop(), ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof SipFrame unscanned) {
            SipFrame frame = unscanned.scan() != null ? unscanned : unscanned.withScan(scanner.scan(unscanned.bytes()));
            EventLoop target = owner.loopOf(frame.bytes(), frame.scan());
            ChannelHandlerContext twin = target == null || target == ctx.channel().eventLoop() ? null : twins.get(target);
            if (twin != null && inFlight.incrementAndGet() <= MAX_IN_FLIGHT) {
                target.execute(() -> {
                    inFlight.decrementAndGet();
                    twin.fireChannelRead(frame);
                });
                return;
            }
            if (twin != null) {
                inFlight.decrementAndGet();
            }
            ctx.fireChannelRead(frame);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Frames on their way to another loop right now. */
    int inFlight() {
        return inFlight.get();
    }
}

package org.sbc.core.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.Transport;
import org.sbc.core.tls.TrunkCertificates;

/**
 * Stream framing (RFC 3261 §18.3): a message is its header block plus Content-Length bytes.
 * CRLF CRLF between messages is an RFC 5626 §4.4.1 keep-alive ping and is answered with a CRLF
 * pong. Per connection, so not sharable.
 *
 * <p>A message whose framing cannot be trusted (no header end within the size limit, a bad or
 * oversized Content-Length) breaks the stream: there is no way to find where the next message
 * starts, so the connection is closed. Everything else is passed on, even when malformed, to
 * be answered.
 */
public final class StreamFramer extends ByteToMessageDecoder {

    private static final ByteBuf PONG = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(new byte[] {'\r', '\n'}).asReadOnly());

    private final int maxMessageBytes;
    private final HeaderBlockScanner scanner;
    private final Counters counters;
    private final Transport transport;
    private Peer peer;

    public StreamFramer(Limits limits, Counters counters) {
        this(limits, counters, Transport.TCP);
    }

    /** @param transport what the frames' {@link Peer} says they came over: TCP, or TLS behind an SslHandler */
    public StreamFramer(Limits limits, Counters counters, Transport transport) {
        if (!transport.isReliable()) {
            throw new IllegalArgumentException("transport: " + transport + " (expected: a stream transport)");
        }
        this.maxMessageBytes = limits.maxMessageBytes();
        this.scanner = new HeaderBlockScanner(limits);
        this.counters = counters;
        this.transport = transport;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            Lead lead = skipLeadingCrlf(ctx, in);
            if (lead == Lead.WAIT) {
                return;
            }
            if (lead == Lead.CONSUMED) {
                continue;
            }
            int window = Math.min(in.readableBytes(), maxMessageBytes);
            int headerEnd = ByteBufUtil.indexOf(CRLFCRLF, in.slice(in.readerIndex(), window));
            if (headerEnd < 0) {
                if (in.readableBytes() >= maxMessageBytes) {
                    breakStream(ctx, in);
                }
                return;
            }
            int headerLength = headerEnd + CRLFCRLF.readableBytes();
            byte[] head = ByteBufUtil.getBytes(in, in.readerIndex(), headerLength);
            HeaderBlockScan scan = scanner.scan(head, 0, head.length);
            int bodyLength = scan.hasContentLength() ? scan.contentLength() : 0;
            if (scan.headerEnd() != headerLength || (long) headerLength + bodyLength > maxMessageBytes) {
                breakStream(ctx, in);
                return;
            }
            if (in.readableBytes() < headerLength + bodyLength) {
                return;
            }
            byte[] message = new byte[headerLength + bodyLength];
            in.readBytes(message);
            // The message starts with the head just scanned: the decoder walks that scan's index.
            out.add(new SipFrame(message, peer(ctx)).withScan(scan));
        }
    }

    private static final ByteBuf CRLFCRLF = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(new byte[] {'\r', '\n', '\r', '\n'}).asReadOnly());

    private enum Lead { CONSUMED, WAIT, MESSAGE }

    /** Consumes one leading CR/LF run step; a whole CRLFCRLF ping is answered with a pong. */
    private Lead skipLeadingCrlf(ChannelHandlerContext ctx, ByteBuf in) {
        int r = in.readerIndex();
        byte first = in.getByte(r);
        if (first != '\r' && first != '\n') {
            return Lead.MESSAGE;
        }
        if (in.readableBytes() >= 4 && in.getInt(r) == 0x0d0a0d0a) {
            in.skipBytes(4);
            counters.increment(Counter.KEEPALIVES_RECEIVED);
            ctx.writeAndFlush(PONG.duplicate());
            return Lead.CONSUMED;
        }
        if (in.readableBytes() < 4 && isPrefixOfPing(in)) {
            return Lead.WAIT; // a ping split across reads
        }
        in.skipBytes(1);
        return Lead.CONSUMED;
    }

    private static boolean isPrefixOfPing(ByteBuf in) {
        for (int i = 0; i < in.readableBytes(); i++) {
            if (in.getByte(in.readerIndex() + i) != CRLFCRLF.getByte(i)) {
                return false;
            }
        }
        return true;
    }

    private void breakStream(ChannelHandlerContext ctx, ByteBuf in) {
        counters.increment(Counter.TCP_STREAMS_BROKEN);
        in.skipBytes(in.readableBytes());
        ctx.close();
    }

    private Peer peer(ChannelHandlerContext ctx) {
        if (peer == null) {
            // Read at the first message, which comes after the handshake that set it.
            peer = new Peer(transport,
                    (InetSocketAddress) ctx.channel().remoteAddress(),
                    (InetSocketAddress) ctx.channel().localAddress(),
                    Optional.ofNullable(ctx.channel().attr(TrunkCertificates.CERTIFIED_TRUNK).get()));
        }
        return peer;
    }
}

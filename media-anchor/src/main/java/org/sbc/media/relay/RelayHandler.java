package org.sbc.media.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * The per-packet path of one relay socket (leg, stream, RTP or RTCP port): validate, ask the
 * leg's {@link SourceLatch} whether the source is accepted, and forward the received buffer
 * itself (no copy: its ownership passes to the write) from the other leg's socket to the other
 * leg's destination. Writes are flushed once per read burst, which lets epoll send them with one
 * sendmmsg. No lock, no logging, no allocation beyond the outgoing {@link DatagramPacket}
 * envelope. Holds per-socket state: one instance per channel, not sharable.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    private final RelaySession session;
    private final RelayStream stream;
    private final SourceLatch in;
    private final SourceLatch out;
    private final RelaySession.Leg outLeg;
    private final boolean rtcpPort;
    private Channel flushFirst;
    private Channel flushSecond;

    RelayHandler(RelaySession session, RelayStream stream, RelaySession.Leg leg, boolean rtcpPort) {
        this.session = session;
        this.stream = stream;
        this.in = stream.latch(leg);
        this.outLeg = leg == RelaySession.Leg.A ? RelaySession.Leg.B : RelaySession.Leg.A;
        this.out = stream.latch(outLeg);
        this.rtcpPort = rtcpPort;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ByteBuf b = packet.content();
        InetSocketAddress from = packet.sender();
        DirectionCounters counters = in.counters();
        long now = System.nanoTime();
        in.sync();
        boolean rtcp = rtcpPort || RtpPackets.looksLikeRtcp(b);
        Admission admission;
        if (rtcp) {
            admission = RtpPackets.validRtcp(b)
                    ? in.admitRtcp(from, RtpPackets.rtcpSenderSsrc(b), !rtcpPort, now)
                    : Admission.MALFORMED;
        } else if (RtpPackets.validRtp(b)) {
            int ssrc = RtpPackets.ssrc(b);
            int seq = RtpPackets.sequenceNumber(b);
            admission = in.admitRtp(from, ssrc, seq, now);
            if (admission == Admission.ACCEPTED) {
                in.record(ssrc, seq, RtpPackets.timestamp(b), session.arrival(now, stream.clockRate));
            }
        } else {
            admission = Admission.MALFORMED;
        }
        if (admission != Admission.ACCEPTED) {
            counters.increment(admission == Admission.MALFORMED
                    ? DirectionCounters.MALFORMED : DirectionCounters.DROPPED);
            packet.release();
            return;
        }
        session.activity();
        out.sync();
        RelayStream.Sockets sockets = stream.sockets;
        InetSocketAddress to;
        Channel channel;
        if (rtcp) {
            to = out.rtcpDestination();
            channel = sockets == null ? null
                    : out.rtcpMuxed() ? sockets.rtp(outLeg) : sockets.rtcp(outLeg);
        } else {
            to = out.rtpDestination();
            channel = sockets == null ? null : sockets.rtp(outLeg);
        }
        if (to == null || channel == null || !channel.isWritable()) {
            counters.increment(DirectionCounters.UNROUTABLE);
            packet.release();
            return;
        }
        int length = b.readableBytes();
        channel.write(new DatagramPacket(b, to), channel.voidPromise());
        if (rtcp) {
            counters.increment(DirectionCounters.RTCP_PACKETS);
        } else {
            counters.increment(DirectionCounters.PACKETS);
            counters.add(DirectionCounters.BYTES, length);
        }
        if (flushFirst == null) {
            flushFirst = channel;
        } else if (flushFirst != channel) {
            flushSecond = channel;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (flushFirst != null) {
            flushFirst.flush();
            flushFirst = null;
        }
        if (flushSecond != null) {
            flushSecond.flush();
            flushSecond = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A failed send (ICMP unreachable, no route, the peer's address family): UDP is lossy by
        // nature, and the socket is shared by nobody but this stream. Never logged per packet.
    }
}

package org.sbc.media.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.sbc.media.srtp.PacketBuffer;
import org.sbc.media.srtp.SrtpStatus;

/**
 * The per-packet path of one relay socket (leg, stream, RTP or RTCP port): validate, ask the
 * leg's {@link SourceLatch} whether the source is accepted, and forward the received buffer
 * itself (no copy: its ownership passes to the write) from the other leg's socket to the other
 * leg's destination. Writes are flushed once per read burst, which lets epoll send them with one
 * sendmmsg. No lock, no logging, no allocation beyond the outgoing {@link DatagramPacket}
 * envelope. A refused packet is also counted towards its session's report
 * ({@link RelaySession#REFUSALS_REPORTED_AT}), an array write. Holds per-socket state: one instance per channel, not sharable.
 *
 * <p>SRTP termination ({@link SrtpLeg}, read once per packet from a volatile): a packet from a
 * leg with an inbound key is copied into this handler's scratch array, authenticated and
 * decrypted there and written back into the received buffer before it is validated, latched or
 * counted; a failure is dropped and counted ({@code srtpFailed}) and touches no latch. A packet to
 * a leg with an outbound key is protected in the scratch array (from the plain copy already
 * there when it was just decrypted) and written back into the received buffer, which grows by
 * the trailer. The scratch array and its {@link PacketBuffer} are reused, so an SRTP leg adds one
 * or two copies of the packet and the JCA's own allocation per packet, nothing else.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    private final RelaySession session;
    private final RelayStream stream;
    private final SourceLatch in;
    private final SourceLatch out;
    private final RelaySession.Leg inLeg;
    private final RelaySession.Leg outLeg;
    private final boolean rtcpPort;
    /**
     * SRTP work space: a datagram and the largest trailer a suite adds. Made on first SRTP use:
     * four handlers per stream, and most legs are plain RTP, so 2 KB each would add up.
     */
    private byte[] scratch;
    private PacketBuffer scratchPacket;
    private Channel flushFirst;
    private Channel flushSecond;

    RelayHandler(RelaySession session, RelayStream stream, RelaySession.Leg leg, boolean rtcpPort) {
        this.session = session;
        this.stream = stream;
        this.in = stream.latch(leg);
        this.inLeg = leg;
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
        SrtpLeg inSrtp = stream.srtp(inLeg);
        boolean plainInScratch = false;
        if (inSrtp != null && inSrtp.unprotects()) {
            if (!unprotect(inSrtp, rtcp, b)) {
                counters.increment(DirectionCounters.SRTP_FAILED);
                if (b.isReadable()) { // an empty datagram is a NAT keep-alive (RFC 6263), not an attempt
                    session.refused(Refusal.SRTP_FAILED, inLeg, from);
                }
                packet.release();
                return;
            }
            plainInScratch = true;
        }
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
            if (admission == Admission.MALFORMED) {
                counters.increment(DirectionCounters.MALFORMED);
                if (b.isReadable()) { // an empty datagram is a NAT keep-alive (RFC 6263), not garbage
                    session.refused(Refusal.MALFORMED, inLeg, from);
                }
            } else {
                counters.increment(DirectionCounters.DROPPED);
                session.refused(Refusal.STRANGER, inLeg, from);
            }
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
        SrtpLeg outSrtp = stream.srtp(outLeg);
        ByteBuf send = b;
        if (outSrtp != null && outSrtp.protects()) {
            send = protect(outSrtp, rtcp, b, plainInScratch, channel.alloc());
            if (send == null) {
                counters.increment(DirectionCounters.SRTP_FAILED);
                packet.release();
                return;
            }
        }
        channel.write(new DatagramPacket(send, to), channel.voidPromise());
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

    private void scratch() {
        if (scratch == null) {
            scratch = new byte[MediaRelay.MAX_DATAGRAM + SrtpLeg.MAX_TRAILER];
            scratchPacket = PacketBuffer.of(scratch, 0, 0);
        }
    }

    /** Unprotects {@code b} in place (via the scratch array, which keeps the plain copy); false: drop it. */
    private boolean unprotect(SrtpLeg srtp, boolean rtcp, ByteBuf b) {
        int length = b.readableBytes();
        if (length > MediaRelay.MAX_DATAGRAM) {
            return false;
        }
        scratch();
        b.getBytes(b.readerIndex(), scratch, 0, length);
        scratchPacket.set(scratch, 0, length);
        SrtpStatus status = rtcp ? srtp.rtcpIn().unprotect(scratchPacket) : srtp.rtpIn().unprotect(scratchPacket);
        if (status != SrtpStatus.OK) {
            return false;
        }
        int plain = scratchPacket.length();
        b.setBytes(b.readerIndex(), scratch, 0, plain);
        b.writerIndex(b.readerIndex() + plain);
        return true;
    }

    /**
     * Protects the plain packet in {@code b} for the other leg; the buffer to send ({@code b}
     * itself, grown by the trailer, or a larger one when {@code b} cannot grow), or null: drop.
     */
    private ByteBuf protect(SrtpLeg srtp, boolean rtcp, ByteBuf b, boolean plainInScratch, ByteBufAllocator alloc) {
        int length = b.readableBytes();
        if (length > MediaRelay.MAX_DATAGRAM) {
            return null;
        }
        scratch();
        if (!plainInScratch) {
            b.getBytes(b.readerIndex(), scratch, 0, length);
        }
        scratchPacket.set(scratch, 0, length);
        SrtpStatus status = rtcp ? srtp.rtcpOut().protect(scratchPacket) : srtp.rtpOut().protect(scratchPacket);
        if (status != SrtpStatus.OK) {
            return null;
        }
        int protectedLength = scratchPacket.length();
        int at = b.readerIndex();
        if (b.maxCapacity() - at >= protectedLength) {
            b.writerIndex(at);
            b.writeBytes(scratch, 0, protectedLength); // grows the buffer in the rare case it must
            return b;
        }
        ByteBuf larger = alloc.ioBuffer(protectedLength).writeBytes(scratch, 0, protectedLength);
        b.release();
        return larger;
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

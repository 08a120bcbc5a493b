package org.sbc.media.relay;

import io.netty.buffer.ByteBuf;

/**
 * Reads the few RTP and RTCP header fields the relay needs from a received datagram, in place
 * (absolute gets, no copy). Every length is checked against what arrived, never trusted.
 */
final class RtpPackets {

    /** RFC 3550 §5.1: the fixed RTP header. */
    static final int RTP_FIXED_HEADER = 12;
    /** RFC 3550 §6.4.1: header and sender SSRC, the least any RTCP packet has. */
    static final int RTCP_MIN_LENGTH = 8;

    private RtpPackets() {
    }

    /**
     * RFC 5761 §4: on a port that carries both, a second octet of 192..223 (RTCP packet types
     * 192..223, which as RTP would be marker + payload type 64..95) is RTCP.
     */
    static boolean looksLikeRtcp(ByteBuf b) {
        if (b.readableBytes() < 2) {
            return false;
        }
        int second = b.getUnsignedByte(b.readerIndex() + 1);
        return second >= 192 && second <= 223;
    }

    /** Version 2, the fixed header, CSRCs and header extension all inside the datagram. */
    static boolean validRtp(ByteBuf b) {
        int n = b.readableBytes();
        if (n < RTP_FIXED_HEADER) {
            return false;
        }
        int at = b.readerIndex();
        int first = b.getUnsignedByte(at);
        if (first >>> 6 != 2) {
            return false;
        }
        int length = RTP_FIXED_HEADER + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            if (length + 4 > n) {
                return false;
            }
            length += 4 + 4 * b.getUnsignedShort(at + length + 2);
        }
        return length <= n;
    }

    /** Version 2, at least 8 octets, an RTCP packet type (RFC 5761 §4: 192..223). */
    static boolean validRtcp(ByteBuf b) {
        if (b.readableBytes() < RTCP_MIN_LENGTH) {
            return false;
        }
        int at = b.readerIndex();
        int type = b.getUnsignedByte(at + 1);
        return b.getUnsignedByte(at) >>> 6 == 2 && type >= 192 && type <= 223;
    }

    static int sequenceNumber(ByteBuf b) {
        return b.getUnsignedShort(b.readerIndex() + 2);
    }

    static int timestamp(ByteBuf b) {
        return b.getInt(b.readerIndex() + 4);
    }

    static int ssrc(ByteBuf b) {
        return b.getInt(b.readerIndex() + 8);
    }

    /** The SSRC of the sender of the first packet of an RTCP compound packet (RFC 3550 §6.4). */
    static int rtcpSenderSsrc(ByteBuf b) {
        return b.getInt(b.readerIndex() + 4);
    }
}

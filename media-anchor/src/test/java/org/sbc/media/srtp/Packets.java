package org.sbc.media.srtp;

import java.util.Random;

/** Plain RTP and RTCP packets for the tests, shaped by RFC 3550 §5.1, §5.3.1 and §6.4. */
final class Packets {

    private Packets() {
    }

    /** An RTP packet: fixed header, {@code csrcs} CSRCs, an extension of {@code extensionWords} words when not negative, a payload. */
    static byte[] rtp(Random random, int ssrc, int seq, int csrcs, int extensionWords, int payloadLength) {
        int header = 12 + 4 * csrcs + (extensionWords >= 0 ? 4 + 4 * extensionWords : 0);
        byte[] packet = new byte[header + payloadLength];
        random.nextBytes(packet);
        packet[0] = (byte) (0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcs);
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        RtpHeader.writeInt(packet, 8, ssrc);
        if (extensionWords >= 0) {
            int at = 12 + 4 * csrcs;
            packet[at + 2] = (byte) (extensionWords >>> 8);
            packet[at + 3] = (byte) extensionWords;
        }
        return packet;
    }

    static int headerLength(byte[] rtp) {
        return RtpHeader.length(rtp, 0, rtp.length);
    }

    /** A compound-looking RTCP packet of {@code words} 32-bit words (at least 2): an SR header whose length covers it all. */
    static byte[] rtcp(Random random, int ssrc, int words) {
        byte[] packet = new byte[4 * words];
        random.nextBytes(packet);
        packet[0] = (byte) 0x80;
        packet[1] = (byte) 200;
        packet[2] = (byte) ((words - 1) >>> 8);
        packet[3] = (byte) (words - 1);
        RtpHeader.writeInt(packet, 4, ssrc);
        return packet;
    }
}

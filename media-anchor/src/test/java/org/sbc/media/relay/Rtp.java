package org.sbc.media.relay;

import java.nio.ByteBuffer;

/** Test packets: RTP version 2 with a 160-octet payload, RTCP receiver reports. */
final class Rtp {

    private Rtp() {
    }

    static byte[] packet(int ssrc, int seq) {
        return packet(ssrc, seq, seq * 160, 160);
    }

    static byte[] packet(int ssrc, int seq, int timestamp, int payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(timestamp).putInt(ssrc);
        for (int i = 0; i < payload; i++) {
            b.put((byte) (seq + i));
        }
        return b.array();
    }

    /** RFC 3550 §6.4.2 RR with no report block. */
    static byte[] receiverReport(int ssrc) {
        return ByteBuffer.allocate(8).put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt(ssrc).array();
    }
}

package org.sbc.media.srtp;

/**
 * Where the payload of an RTP packet starts (RFC 3550 §5.1 fixed header and CSRC list, §5.3.1
 * header extension), so that SRTP encrypts the payload only (RFC 3711 §3.1). Reads untrusted
 * octets: every length is checked against what is there, never trusted.
 */
final class RtpHeader {

    static final int FIXED_LENGTH = 12;

    private RtpHeader() {
    }

    /**
     * The header length in octets, CSRCs and extension included; -1 when the packet is not RTP
     * version 2 or its header claims more than {@code available} octets.
     */
    static int length(byte[] b, int offset, int available) {
        if (available < FIXED_LENGTH) {
            return -1;
        }
        int first = b[offset] & 0xff;
        if (first >>> 6 != 2) {
            return -1;
        }
        int length = FIXED_LENGTH + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            if (length + 4 > available) {
                return -1;
            }
            int words = (b[offset + length + 2] & 0xff) << 8 | b[offset + length + 3] & 0xff;
            length += 4 + 4 * words;
        }
        return length <= available ? length : -1;
    }

    static int sequenceNumber(byte[] b, int offset) {
        return (b[offset + 2] & 0xff) << 8 | b[offset + 3] & 0xff;
    }

    static int ssrc(byte[] b, int offset) {
        return readInt(b, offset + 8);
    }

    static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    static void writeInt(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }
}

package org.sbc.core.cli.pcap;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the frames of a capture file as tcpdump writes it (classic pcap, microsecond or nanosecond
 * timestamps, either byte order) or as tshark/dumpcap write it (pcapng: section header, interface
 * description, enhanced and simple packet blocks; other blocks skipped). Offline tool input, but
 * still someone else's file: every length is checked before it is trusted.
 */
public final class CaptureFile implements AutoCloseable {

    /** One captured frame and the link type that says how to read it. */
    public record Frame(Instant time, int linkType, byte[] data) {}

    /** A frame bigger than this is not from a real link (tcpdump's own default snaplen is 262,144). */
    static final int MAX_FRAME_BYTES = 262_144;
    /** pcapng blocks hold one frame plus options; anything bigger is a corrupt file. */
    static final int MAX_BLOCK_BYTES = MAX_FRAME_BYTES + 65_536;
    /** A capture file names few interfaces; the cap stops a corrupt one from growing the list. */
    static final int MAX_INTERFACES = 1_024;

    private static final int PCAP_MAGIC = 0xa1b2c3d4;
    private static final int PCAP_MAGIC_NANOS = 0xa1b23c4d;
    private static final int PCAPNG_SECTION = 0x0a0d0d0a;
    private static final int PCAPNG_BYTE_ORDER = 0x1a2b3c4d;

    private final DataInputStream in;
    private final boolean pcapng;
    private ByteOrder order;
    private boolean nanos;
    private int pcapLinkType;
    /** pcapng: per interface, its link type and its timestamp units per second. */
    private final List<long[]> interfaces = new ArrayList<>();

    private CaptureFile(DataInputStream in, boolean pcapng) {
        this.in = in;
        this.pcapng = pcapng;
    }

    /** @throws IOException when the file is neither pcap nor pcapng, or its header is cut short */
    public static CaptureFile open(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[4];
        in.readFully(magic);
        int big = ByteBuffer.wrap(magic).order(ByteOrder.BIG_ENDIAN).getInt();
        int little = ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (big == PCAPNG_SECTION) {
            CaptureFile file = new CaptureFile(in, true);
            file.readSectionHeader();
            return file;
        }
        CaptureFile file = new CaptureFile(in, false);
        if (big == PCAP_MAGIC || big == PCAP_MAGIC_NANOS) {
            file.order = ByteOrder.BIG_ENDIAN;
            file.nanos = big == PCAP_MAGIC_NANOS;
        } else if (little == PCAP_MAGIC || little == PCAP_MAGIC_NANOS) {
            file.order = ByteOrder.LITTLE_ENDIAN;
            file.nanos = little == PCAP_MAGIC_NANOS;
        } else {
            throw new IOException("not a pcap or pcapng capture (magic " + String.format("%08x", big) + ")");
        }
        ByteBuffer header = file.read(20);
        header.position(16);
        file.pcapLinkType = header.getInt() & 0x0fffffff; // the top bits carry FCS flags
        return file;
    }

    /** The next frame, or empty at the end of the file. */
    public Optional<Frame> next() throws IOException {
        return pcapng ? nextBlock() : nextRecord();
    }

    private Optional<Frame> nextRecord() throws IOException {
        ByteBuffer header;
        try {
            header = read(16);
        } catch (EOFException e) {
            return Optional.empty();
        }
        long seconds = header.getInt() & 0xffffffffL;
        long fraction = header.getInt() & 0xffffffffL;
        int captured = header.getInt();
        header.getInt(); // original length: the frame as on the wire, maybe longer than captured
        if (captured < 0 || captured > MAX_FRAME_BYTES) {
            throw new IOException("frame of " + captured + " bytes (expected: at most " + MAX_FRAME_BYTES + ")");
        }
        byte[] data = new byte[captured];
        in.readFully(data);
        Instant time = Instant.ofEpochSecond(seconds, nanos ? fraction : fraction * 1_000);
        return Optional.of(new Frame(time, pcapLinkType, data));
    }

    private Optional<Frame> nextBlock() throws IOException {
        while (true) {
            ByteBuffer head;
            try {
                head = read(8);
            } catch (EOFException e) {
                return Optional.empty();
            }
            int type = head.getInt();
            if (type == PCAPNG_SECTION) { // the same bytes in either order
                readSectionHeaderBody(java.util.Arrays.copyOfRange(head.array(), 4, 8));
                continue;
            }
            int length = head.getInt();
            if (length < 12 || length > MAX_BLOCK_BYTES || length % 4 != 0) {
                throw new IOException("pcapng block of " + length + " bytes (expected: 12.." + MAX_BLOCK_BYTES + ", a multiple of 4)");
            }
            ByteBuffer body = read(length - 8); // the body and the trailing length
            switch (type) {
                case 1 -> interfaceDescription(body);
                case 6 -> {
                    return Optional.of(enhancedPacket(body, length));
                }
                case 3 -> {
                    return Optional.of(simplePacket(body, length));
                }
                default -> {
                    // statistics, name resolution, custom blocks: nothing a replay needs
                }
            }
        }
    }

    private void readSectionHeader() throws IOException {
        byte[] length = new byte[4];
        in.readFully(length);
        readSectionHeaderBody(length);
    }

    /**
     * The section header's byte-order magic decides how its own length and every later number
     * are read; a file may hold sections of either order.
     */
    private void readSectionHeaderBody(byte[] lengthBytes) throws IOException {
        byte[] bom = new byte[4];
        in.readFully(bom);
        if (ByteBuffer.wrap(bom).order(ByteOrder.BIG_ENDIAN).getInt() == PCAPNG_BYTE_ORDER) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (ByteBuffer.wrap(bom).order(ByteOrder.LITTLE_ENDIAN).getInt() == PCAPNG_BYTE_ORDER) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            throw new IOException("pcapng section without a byte-order magic");
        }
        int length = ByteBuffer.wrap(lengthBytes).order(order).getInt();
        if (length < 28 || length > MAX_BLOCK_BYTES || length % 4 != 0) {
            throw new IOException("pcapng section header of " + length + " bytes (expected: 28.." + MAX_BLOCK_BYTES + ")");
        }
        read(length - 12);
        interfaces.clear();
    }

    private void interfaceDescription(ByteBuffer body) throws IOException {
        if (interfaces.size() >= MAX_INTERFACES) {
            throw new IOException("more than " + MAX_INTERFACES + " interfaces in one section");
        }
        int linkType = body.getShort() & 0xffff;
        body.getShort();
        body.getInt(); // snaplen
        long unitsPerSecond = 1_000_000;
        while (body.remaining() >= 8) { // options, then the trailing length
            int code = body.getShort() & 0xffff;
            int optionLength = body.getShort() & 0xffff;
            if (code == 0 || optionLength > body.remaining() - 4) {
                break;
            }
            if (code == 9 && optionLength >= 1) { // if_tsresol
                int resolution = body.get(body.position()) & 0xff;
                int exponent = resolution & 0x7f;
                if (exponent <= 18) {
                    unitsPerSecond = (resolution & 0x80) == 0 ? pow(10, exponent) : 1L << Math.min(exponent, 62);
                }
            }
            body.position(body.position() + (optionLength + 3) / 4 * 4);
        }
        interfaces.add(new long[] {linkType, unitsPerSecond});
    }

    private Frame enhancedPacket(ByteBuffer body, int length) throws IOException {
        int interfaceId = body.getInt();
        long high = body.getInt() & 0xffffffffL;
        long low = body.getInt() & 0xffffffffL;
        int captured = body.getInt();
        body.getInt(); // original length
        if (interfaceId < 0 || interfaceId >= interfaces.size()) {
            throw new IOException("packet of unknown interface " + interfaceId);
        }
        if (captured < 0 || captured > length - 32) {
            throw new IOException("packet of " + captured + " bytes in a block of " + length);
        }
        byte[] data = new byte[captured];
        body.get(data);
        long[] described = interfaces.get(interfaceId);
        long units = (high << 32) | low;
        long perSecond = described[1];
        Instant time = Instant.ofEpochSecond(units / perSecond, (units % perSecond) * 1_000_000_000L / perSecond);
        return new Frame(time, (int) described[0], data);
    }

    private Frame simplePacket(ByteBuffer body, int length) throws IOException {
        if (interfaces.isEmpty()) {
            throw new IOException("simple packet block before any interface");
        }
        int original = body.getInt();
        int captured = Math.min(original, length - 16);
        if (captured < 0) {
            throw new IOException("simple packet of " + original + " bytes");
        }
        byte[] data = new byte[captured];
        body.get(data);
        return new Frame(Instant.EPOCH, (int) interfaces.get(0)[0], data); // simple packets carry no time
    }

    private ByteBuffer read(int count) throws IOException {
        byte[] bytes = new byte[count];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes).order(order == null ? ByteOrder.BIG_ENDIAN : order);
    }

    private static long pow(long base, int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= base;
        }
        return result;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package org.sbc.core.cli.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.sip.Transport;

/** Capture files as tshark (pcapng) and tcpdump on "any" (Linux cooked v2) write them, and the frames in them. */
class CaptureFileTest {

    private static final byte[] OPTIONS = "OPTIONS sip:a SIP/2.0\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** An IPv6 UDP packet from [2001:db8::1]:5062 to [2001:db8::2]:5060 carrying {@code payload}. */
    private static byte[] ipv6Udp(byte[] payload) {
        ByteBuffer ip = ByteBuffer.allocate(40 + 8 + payload.length);
        ip.putInt(0x60000000).putShort((short) (8 + payload.length)).put((byte) 17).put((byte) 64);
        ip.put(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        ip.put(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
        ip.putShort((short) 5062).putShort((short) 5060).putShort((short) (8 + payload.length)).putShort((short) 0);
        ip.put(payload);
        return ip.array();
    }

    private static void block(ByteArrayOutputStream out, int type, byte[] body) {
        int length = 12 + (body.length + 3) / 4 * 4;
        ByteBuffer block = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        block.putInt(type).putInt(length).put(body);
        block.position(length - 4);
        block.putInt(length);
        out.writeBytes(block.array());
    }

    @Test
    void readsPcapngWithNanosecondResolutionAndLinuxCookedV2() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        block(file, 0x0a0d0d0a, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1).array());
        // Interface 0: LINKTYPE_LINUX_SLL2 (276), if_tsresol = 9 (nanoseconds), then opt_endofopt.
        block(file, 1, ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 276).putShort((short) 0)
                .putInt(262_144).putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3])
                .putInt(0).array());
        byte[] ip = ipv6Udp(OPTIONS);
        byte[] frame = ByteBuffer.allocate(20 + ip.length).putShort((short) 0x86dd).put(new byte[18]).put(ip).array();
        long nanos = 1_700_000_000_123_456_789L;
        ByteBuffer packet = ByteBuffer.allocate(20 + frame.length).order(ByteOrder.LITTLE_ENDIAN);
        packet.putInt(0).putInt((int) (nanos >>> 32)).putInt((int) nanos).putInt(frame.length).putInt(frame.length).put(frame);
        block(file, 6, packet.array());
        block(file, 5, new byte[8]); // an interface statistics block: skipped

        try (CaptureFile capture = CaptureFile.open(new ByteArrayInputStream(file.toByteArray()))) {
            CaptureFile.Frame read = capture.next().orElseThrow();
            assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_789), read.time());
            Segment segment = Segment.of(read).orElseThrow();
            assertEquals(Transport.UDP, segment.transport());
            assertEquals(new java.net.InetSocketAddress(java.net.InetAddress.getByName("2001:db8::1"), 5062), segment.source());
            assertArrayEquals(OPTIONS, segment.payload());
            assertEquals(Optional.empty(), capture.next());
        }
    }

    @Test
    void refusesAFrameLongerThanAnyLink() {
        ByteBuffer file = ByteBuffer.allocate(24 + 16).order(ByteOrder.LITTLE_ENDIAN);
        file.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262_144).putInt(1);
        file.putInt(0).putInt(0).putInt(10_000_000).putInt(10_000_000);

        IOException e = assertThrows(IOException.class, () -> {
            try (CaptureFile capture = CaptureFile.open(new ByteArrayInputStream(file.array()))) {
                capture.next();
            }
        });
        assertTrue(e.getMessage().contains("10000000"), e.getMessage());
    }

    @Test
    void cutsATcpStreamIntoMessagesAcrossSegmentsAndKeepAlives() {
        TcpStreams streams = new TcpStreams(65_535);
        byte[] two = ("\r\n\r\n" + new String(OPTIONS, StandardCharsets.US_ASCII)
                + "MESSAGE sip:b SIP/2.0\r\nl: 5\r\n\r\nhel").getBytes(StandardCharsets.US_ASCII);
        java.net.InetSocketAddress a = new java.net.InetSocketAddress("127.0.10.1", 40000);
        java.net.InetSocketAddress b = new java.net.InetSocketAddress("127.0.10.2", 5060);

        List<byte[]> first = streams.accept(new Segment(Instant.EPOCH, Transport.TCP, a, b, 99, true, new byte[0]));
        List<byte[]> second = streams.accept(new Segment(Instant.EPOCH, Transport.TCP, a, b, 100, false, two));
        List<byte[]> third = streams.accept(new Segment(Instant.EPOCH, Transport.TCP, a, b, 100 + two.length, false,
                "lo".getBytes(StandardCharsets.US_ASCII)));

        assertEquals(List.of(), first);
        assertEquals(1, second.size());
        assertArrayEquals(OPTIONS, second.get(0));
        assertEquals(1, third.size());
        assertTrue(new String(third.get(0), StandardCharsets.US_ASCII).endsWith("\r\n\r\nhello"));
    }
}

package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RTP and SDP for the media end-to-end tests: sockets on loopback that stand for a phone's or a
 * PBX's media port, RTP packets to send through the relay, and where an SDP the SBC wrote tells a
 * side to send (IPv4 or IPv6).
 */
final class RtpProbe {

    private static final Pattern PORT = Pattern.compile("(?m)^m=audio (\\d+) ");
    /** The session-level c= line: the first one, before any m= line in the SBC's own SDP. */
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN (IP4|IP6) (\\S+)");

    private RtpProbe() {}

    /** A UDP socket on {@code ip:port} whose receive gives up after 2 s. */
    static DatagramSocket rtpSocket(String ip, int port) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), port));
        socket.setSoTimeout(2_000);
        return socket;
    }

    /** An RTP packet (RFC 3550 §5.1): version 2, PCMU, 160 bytes of {@code fill}. */
    static byte[] rtp(int sequence, int ssrc, byte fill) {
        ByteBuffer packet = ByteBuffer.allocate(12 + 160);
        packet.put((byte) 0x80).put((byte) 0).putShort((short) sequence).putInt(sequence * 160).putInt(ssrc);
        while (packet.hasRemaining()) {
            packet.put(fill);
        }
        return packet.array();
    }

    static void send(DatagramSocket socket, byte[] packet, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, to));
    }

    /** The next packet within the socket's timeout, or empty. */
    static Optional<byte[]> receive(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        byte[] data = new byte[packet.getLength()];
        System.arraycopy(buffer, 0, data, 0, data.length);
        return Optional.of(data);
    }

    /** A packet sent from {@code from} to {@code relay} arrives, unchanged, at {@code to}. */
    static void assertRelayed(String what, DatagramSocket from, InetSocketAddress relay, DatagramSocket to,
            byte[] packet) throws IOException {
        send(from, packet, relay);
        assertArrayEquals(packet, receive(to).orElseThrow(() -> new AssertionError(what + ": nothing arrived at "
                + to.getLocalSocketAddress() + " from " + from.getLocalSocketAddress() + " via " + relay)), what);
    }

    /** A packet from the phone reaches the PBX, and one from the PBX reaches the phone, each unchanged. */
    static void assertAudioBothWays(DatagramSocket phoneRtp, InetSocketAddress relayForPhone, DatagramSocket pbxRtp,
            InetSocketAddress relayForPbx, int sequence) throws IOException {
        assertRelayed("phone to PBX", phoneRtp, relayForPhone, pbxRtp, rtp(sequence, 0x11111111, (byte) 'p'));
        assertRelayed("PBX to phone", pbxRtp, relayForPbx, phoneRtp, rtp(sequence, 0x22222222, (byte) 'x'));
    }

    /** Nothing arrives at {@code socket} within {@code millis}; its timeout is restored after. */
    static boolean silentFor(DatagramSocket socket, int millis) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return receive(socket).isEmpty();
        } finally {
            socket.setSoTimeout(before);
        }
    }

    /** Where {@code sdp} (one the SBC wrote) tells its receiver to send the first stream's RTP. */
    static InetSocketAddress relay(String sdp) {
        Matcher port = PORT.matcher(sdp);
        Matcher address = CONNECTION.matcher(sdp);
        assertTrue(port.find() && address.find(), sdp);
        return new InetSocketAddress(address.group(2), Integer.parseInt(port.group(1)));
    }

    /** Every {@code c=} and {@code o=} line of {@code sdp}: the lines that name an address. */
    static List<String> addressLines(String sdp) {
        List<String> lines = new ArrayList<>();
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("c=") || line.startsWith("o=")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The direction attributes of {@code sdp}, in order (RFC 3264 §5.1). */
    static List<String> directions(String sdp) {
        List<String> found = new ArrayList<>();
        for (String line : sdp.split("\r\n")) {
            if (line.equals("a=sendrecv") || line.equals("a=sendonly") || line.equals("a=recvonly")
                    || line.equals("a=inactive")) {
                found.add(line);
            }
        }
        return found;
    }

    /**
     * A one-stream PCMU SDP of {@code owner}: {@code addrtype} IP4 or IP6, {@code connection} the
     * c= address (0.0.0.0 for an old-style hold), {@code direction} an attribute name or "" for none.
     */
    static String sdp(String addrtype, String origin, String connection, String owner, int version, int port,
            String direction) {
        return "v=0\r\no=" + owner + " 1 " + version + " IN " + addrtype + " " + origin + "\r\ns=" + owner
                + "\r\nc=IN " + addrtype + " " + connection + "\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n" + (direction.isEmpty() ? "" : "a=" + direction + "\r\n");
    }
}

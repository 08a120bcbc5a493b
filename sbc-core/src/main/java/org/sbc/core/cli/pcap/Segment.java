package org.sbc.core.cli.pcap;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.sbc.core.sip.Transport;

/**
 * The UDP datagram or TCP segment a captured frame carries, read from its link, IP and transport
 * headers. Frames of other link types or protocols, and IP fragments after the first, have none.
 *
 * @param sequence the TCP sequence number of the payload's first byte (0 for UDP)
 * @param syn whether the TCP segment opens its flow (the payload then starts at sequence + 1)
 */
public record Segment(Instant time, Transport transport, InetSocketAddress source, InetSocketAddress destination,
        long sequence, boolean syn, byte[] payload) {

    // Link types (https://www.tcpdump.org/linktypes.html)
    private static final int NULL = 0;
    private static final int ETHERNET = 1;
    private static final int RAW = 101;
    private static final int LOOP = 108;
    private static final int LINUX_SLL = 113;
    private static final int IPV4 = 228;
    private static final int IPV6 = 229;
    private static final int LINUX_SLL2 = 276;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;
    /** Stacked VLAN tags beyond this are not a real link. */
    private static final int MAX_VLAN_TAGS = 2;

    public static Optional<Segment> of(CaptureFile.Frame frame) {
        ByteBuffer data = ByteBuffer.wrap(frame.data());
        try {
            int etherType = link(frame.linkType(), data);
            return switch (etherType) {
                case ETHERTYPE_IPV4 -> ipv4(frame.time(), data);
                case ETHERTYPE_IPV6 -> ipv6(frame.time(), data);
                default -> Optional.empty();
            };
        } catch (RuntimeException | UnknownHostException e) { // a frame cut short or inconsistent: not SIP we can read
            return Optional.empty();
        }
    }

    /** Skips the link header; the ether type of what follows, or -1. */
    private static int link(int linkType, ByteBuffer data) {
        switch (linkType) {
            case ETHERNET -> {
                data.position(12);
                int type = data.getShort() & 0xffff;
                for (int tags = 0; (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) && tags < MAX_VLAN_TAGS; tags++) {
                    data.getShort();
                    type = data.getShort() & 0xffff;
                }
                return type;
            }
            case LINUX_SLL -> {
                data.position(14);
                return data.getShort() & 0xffff;
            }
            case LINUX_SLL2 -> {
                int type = data.getShort(0) & 0xffff;
                data.position(20);
                return type;
            }
            case NULL, LOOP -> {
                data.position(4); // address family, in the capturing host's order: look at the IP version instead
                return versionOf(data);
            }
            case RAW, IPV4, IPV6 -> {
                return versionOf(data);
            }
            default -> {
                return -1;
            }
        }
    }

    private static int versionOf(ByteBuffer data) {
        int version = (data.get(data.position()) & 0xff) >> 4;
        return version == 4 ? ETHERTYPE_IPV4 : version == 6 ? ETHERTYPE_IPV6 : -1;
    }

    private static Optional<Segment> ipv4(Instant time, ByteBuffer data) throws UnknownHostException {
        int start = data.position();
        int headerLength = (data.get(start) & 0x0f) * 4;
        int totalLength = data.getShort(start + 2) & 0xffff;
        int fragment = data.getShort(start + 6) & 0x1fff;
        int protocol = data.get(start + 9) & 0xff;
        if (fragment != 0 || headerLength < 20) {
            return Optional.empty(); // a later fragment has no transport header
        }
        InetAddress source = address(data, start + 12, 4);
        InetAddress destination = address(data, start + 16, 4);
        int end = Math.min(data.limit(), start + totalLength);
        return transport(time, protocol, source, destination, data, start + headerLength, end);
    }

    private static Optional<Segment> ipv6(Instant time, ByteBuffer data) throws UnknownHostException {
        int start = data.position();
        int payloadLength = data.getShort(start + 4) & 0xffff;
        int next = data.get(start + 6) & 0xff;
        InetAddress source = address(data, start + 8, 16);
        InetAddress destination = address(data, start + 24, 16);
        int at = start + 40;
        int end = Math.min(data.limit(), at + payloadLength);
        // Hop-by-hop, routing and destination options: skip to the transport header.
        for (int hops = 0; (next == 0 || next == 43 || next == 60) && hops < 8; hops++) {
            int length = ((data.get(at + 1) & 0xff) + 1) * 8;
            next = data.get(at) & 0xff;
            at += length;
        }
        return transport(time, next, source, destination, data, at, end);
    }

    private static Optional<Segment> transport(Instant time, int protocol, InetAddress source, InetAddress destination,
            ByteBuffer data, int at, int end) {
        int sourcePort = data.getShort(at) & 0xffff;
        int destinationPort = data.getShort(at + 2) & 0xffff;
        if (protocol == 17) {
            return Optional.of(new Segment(time, Transport.UDP, new InetSocketAddress(source, sourcePort),
                    new InetSocketAddress(destination, destinationPort), 0, false,
                    Arrays.copyOfRange(data.array(), at + 8, end)));
        }
        if (protocol == 6) {
            long sequence = data.getInt(at + 4) & 0xffffffffL;
            int offset = ((data.get(at + 12) & 0xff) >> 4) * 4;
            boolean syn = (data.get(at + 13) & 0x02) != 0;
            return Optional.of(new Segment(time, Transport.TCP, new InetSocketAddress(source, sourcePort),
                    new InetSocketAddress(destination, destinationPort), sequence, syn,
                    Arrays.copyOfRange(data.array(), at + offset, Math.max(at + offset, end))));
        }
        return Optional.empty();
    }

    private static InetAddress address(ByteBuffer data, int at, int length) throws UnknownHostException {
        return InetAddress.getByAddress(Arrays.copyOfRange(data.array(), at, at + length));
    }
}

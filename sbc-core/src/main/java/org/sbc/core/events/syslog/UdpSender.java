package org.sbc.core.events.syslog;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * RFC 5426: one message per datagram. Unconnected, so that an ICMP port-unreachable from a
 * restarting collector does not fail the next send; a datagram lost on the way is not seen
 * here at all, which is what {@code [meta sequenceId]} lets the collector notice.
 */
final class UdpSender implements MessageSender {

    /** RFC 5426 §3.2: the largest payload of a UDP/IPv4 datagram. */
    static final int MAX_DATAGRAM_BYTES = 65_507;

    private final InetSocketAddress collector;
    private final DatagramSocket socket;

    UdpSender(InetSocketAddress collector) throws SocketException {
        this.collector = collector;
        this.socket = new DatagramSocket();
    }

    @Override
    public boolean send(byte[] message) {
        if (message.length > MAX_DATAGRAM_BYTES) {
            return false;
        }
        try {
            socket.send(new DatagramPacket(message, message.length, collector));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}

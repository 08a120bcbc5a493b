package org.sbc.media.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A real UDP socket on a loopback address, playing a phone, a PBX or an attacker. */
final class UdpPeer implements AutoCloseable {

    record Received(byte[] data, InetSocketAddress from) {
    }

    private final DatagramSocket socket;

    UdpPeer(String host) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(InetSocketAddress to, byte[] data) {
        try {
            socket.send(new DatagramPacket(data, data.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram, or null when none comes within {@code millis}. */
    Received receive(int millis) {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout(millis);
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Received(Arrays.copyOf(buffer, packet.getLength()), (InetSocketAddress) packet.getSocketAddress());
    }

    @Override
    public void close() {
        socket.close();
    }
}

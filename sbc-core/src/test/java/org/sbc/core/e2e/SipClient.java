package org.sbc.core.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A raw SIP peer over real loopback sockets, for bytes that no SIP tool will send. */
final class SipClient implements AutoCloseable {

    private final DatagramSocket udp;
    private final InetSocketAddress server;

    SipClient(String localIp, InetSocketAddress server) throws IOException {
        this.udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localIp), 0));
        this.server = server;
    }

    static String options(String localIp, int localPort, String target, String transport, String callId) {
        return "OPTIONS sip:" + target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + localIp + ":" + localPort + ";branch=z9hG4bK" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@" + localIp + ">;tag=" + callId + "\r\n"
                + "To: <sip:" + target + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** This client's address as {@code ip:port}, for a Via. */
    String localAddress() {
        return udp.getLocalAddress().getHostAddress() + ":" + udp.getLocalPort();
    }

    String optionsFromHere(String callId) {
        return options(udp.getLocalAddress().getHostAddress(), udp.getLocalPort(),
                server.getAddress().getHostAddress() + ":" + server.getPort(), "UDP", callId);
    }

    void send(byte[] bytes) throws IOException {
        udp.send(new DatagramPacket(bytes, bytes.length, server));
    }

    /** The next datagram within the timeout, as text; empty when nothing came. */
    Optional<String> receive(int timeoutMillis) throws IOException {
        udp.setSoTimeout(timeoutMillis);
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            udp.receive(packet);
            return Optional.of(new String(buffer, 0, packet.getLength(), StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    /** Sends an OPTIONS to the SBC and waits for its answer. */
    Optional<String> ping(String callId) throws IOException {
        send(optionsFromHere(callId).getBytes(StandardCharsets.US_ASCII));
        return receive(3_000);
    }

    @Override
    public void close() {
        udp.close();
    }

    /** Opens a TCP connection from {@code localIp}, writes {@code bytes}, reads what comes back. */
    static TcpExchange tcp(String localIp, InetSocketAddress server, byte[] bytes, int readMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
            socket.connect(server, 2_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            socket.setSoTimeout(readMillis);
            StringBuilder received = new StringBuilder();
            boolean closedByServer = false;
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8_192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
                closedByServer = true;
            } catch (SocketTimeoutException e) {
                // still open: the server is waiting for more, or answered and kept the connection
            } catch (java.net.SocketException e) {
                closedByServer = true; // reset by the server
            }
            return new TcpExchange(received.toString(), closedByServer);
        }
    }

    record TcpExchange(String received, boolean closedByServer) {}
}

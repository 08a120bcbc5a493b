package org.sbc.core.testing;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.Transport;

/** Socket addresses and peers from IP literals (never a DNS lookup). */
public final class TestPeers {

    /** Where the SBC listens in these tests: the embedded default outside address. */
    public static final InetSocketAddress SBC = address("127.0.0.1", 5060);

    private TestPeers() {}

    public static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + literal, e);
        }
    }

    public static InetSocketAddress address(String ip, int port) {
        return new InetSocketAddress(ip(ip), port);
    }

    public static Peer udp(String ip, int port) {
        return new Peer(Transport.UDP, address(ip, port), SBC);
    }

    public static Peer tcp(String ip, int port) {
        return new Peer(Transport.TCP, address(ip, port), SBC);
    }
}

package org.sbc.core.sip;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** One {@code proto:address:port} listen entry; the address is always an IP literal. */
public record ListenAddress(Transport transport, InetAddress address, int port) {

    public ListenAddress {
        requireNonNull(transport, "transport");
        requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** The form used in config files, logs and the health endpoint: {@code udp:[::1]:5060}. */
    @Override
    public String toString() {
        return transport.name().toLowerCase(java.util.Locale.ROOT) + ":" + hostText(address) + ":" + port;
    }

    /** An IP literal as it appears in a URI: IPv6 in brackets. */
    public static String hostText(InetAddress address) {
        String text = address.getHostAddress();
        return address instanceof java.net.Inet6Address ? "[" + text + "]" : text;
    }
}

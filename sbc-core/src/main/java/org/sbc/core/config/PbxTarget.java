package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import org.sbc.core.sip.Transport;

/**
 * Where requests from the outside are sent: the PBX, as configured by {@code inside.pbx}
 * ({@code sip:HOST[:PORT][;transport=udp|tcp|tls]} or {@code sips:HOST[:PORT]}). The host is an IP literal or a DNS name;
 * names are resolved when a request is routed, never while the config is checked.
 */
public record PbxTarget(String uri, String host, int port, Transport transport) {

    public PbxTarget {
        requireNonNull(uri, "uri");
        requireNonNull(host, "host");
        requireNonNull(transport, "transport");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
    }
}

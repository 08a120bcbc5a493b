package org.sbc.core.sip;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The far end of one received message: where it came from, on which local socket, over which
 * transport. Every decision about a message is made from this, never from what the message
 * claims about itself.
 *
 * @param certifiedTrunk the trunk whose TLS client certificate the connection presented
 *     ({@code trunks[].tls}); empty on UDP, TCP and TLS without such a certificate
 */
public record Peer(Transport transport, InetSocketAddress remote, InetSocketAddress local,
        Optional<String> certifiedTrunk) {

    public Peer {
        requireNonNull(transport, "transport");
        requireNonNull(remote, "remote");
        requireNonNull(local, "local");
        requireNonNull(certifiedTrunk, "certifiedTrunk");
    }

    public Peer(Transport transport, InetSocketAddress remote, InetSocketAddress local) {
        this(transport, remote, local, Optional.empty());
    }

    @Override
    public String toString() {
        return transport.name().toLowerCase(java.util.Locale.ROOT) + ":"
                + remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}

package org.sbc.core.sip;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import org.sbc.core.config.Transport;

/**
 * The far end of one received message: where it came from, on which local socket, over which
 * transport. Every decision about a message is made from this, never from what the message
 * claims about itself.
 */
public record Peer(Transport transport, InetSocketAddress remote, InetSocketAddress local) {

    public Peer {
        requireNonNull(transport, "transport");
        requireNonNull(remote, "remote");
        requireNonNull(local, "local");
    }

    @Override
    public String toString() {
        return transport.name().toLowerCase(java.util.Locale.ROOT) + ":"
                + remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}

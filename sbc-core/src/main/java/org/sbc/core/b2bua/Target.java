package org.sbc.core.b2bua;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

/**
 * Where a message leaves the SBC to: a side, a transport, an address, and for TCP the
 * connection to reuse when there is one (a phone registered over TCP is reachable only on the
 * connection it registered on).
 */
public record Target(SipSide side, Transport transport, InetSocketAddress address, Optional<Channel> connection) {

    public Target {
        requireNonNull(side, "side");
        requireNonNull(transport, "transport");
        requireNonNull(address, "address");
        requireNonNull(connection, "connection");
    }

    public static Target of(SipSide side, Transport transport, InetSocketAddress address) {
        return new Target(side, transport, address, Optional.empty());
    }
}

package org.sbc.core.edge.options;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sbc.core.codec.SipUri;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Peer;
import org.sbc.feeds.IpLiteral;

/**
 * Decides whether a Request-URI names the SBC itself (Kamailio's {@code myself}): a SIP URI with
 * no user part whose host is one of our listen addresses (or the local address the request
 * arrived on, for wildcard listeners) or a configured alias, and whose port, if given, is one
 * we listen on. Never resolves names.
 */
public final class SelfAddresses {

    private final Set<InetAddress> addresses = new HashSet<>();
    private final Set<Integer> ports = new HashSet<>();
    private final Set<String> aliases = new HashSet<>();

    public SelfAddresses(SbcConfig config) {
        config.outside().listen().forEach(this::add);
        config.inside().listen().forEach(this::add);
        config.sip().aliases().forEach(alias -> aliases.add(alias.toLowerCase(Locale.ROOT)));
    }

    private void add(ListenAddress listen) {
        addresses.add(listen.address());
        ports.add(listen.port());
    }

    public boolean isSelf(SipUri uri, Peer peer) {
        if (!uri.isSip() || uri.user() != null) {
            return false;
        }
        int port = uri.port();
        if (port > 0 && !ports.contains(port)) {
            return false;
        }
        String host = uri.host();
        if (host == null) {
            return false;
        }
        // JAIN-SIP may hand IPv6 hosts over with or without their brackets.
        Optional<InetAddress> literal = IpLiteral.parseUriHost(host).or(() -> IpLiteral.parseIpv6(host));
        if (literal.isEmpty()) {
            return aliases.contains(host.toLowerCase(Locale.ROOT));
        }
        InetAddress address = literal.get();
        return addresses.contains(address) || address.equals(peer.local().getAddress());
    }
}

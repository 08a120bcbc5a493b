package org.sbc.core.b2bua;

import gov.nist.javax.sip.address.SipUri;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import javax.sip.address.URI;
import org.sbc.core.b2bua.registration.Binding;
import org.sbc.core.b2bua.registration.BindingCache;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.Trunk;

/**
 * Chooses where a new request goes. From the outside: always the PBX. From the inside: a
 * registered phone (by the token the PBX was given as its contact, else by user), else a trunk
 * whose host the Request-URI names or whose prefix its user starts with, else nowhere (404).
 * Addresses were resolved once at start: nothing here resolves a name.
 */
final class Router {

    record ResolvedTrunk(Trunk trunk, InetSocketAddress address) {}

    private final PbxTarget pbx;
    private final InetSocketAddress pbxAddress;
    private final List<ResolvedTrunk> trunks;
    private final BindingCache bindings;
    private final SipFactory sip;

    Router(PbxTarget pbx, InetSocketAddress pbxAddress, List<ResolvedTrunk> trunks, BindingCache bindings, SipFactory sip) {
        this.pbx = pbx;
        this.pbxAddress = pbxAddress;
        this.trunks = List.copyOf(trunks);
        this.bindings = bindings;
        this.sip = sip;
    }

    Optional<NextHop> route(SipSide from, URI requestUri) {
        String user = requestUri instanceof SipUri uri ? uri.getUser() : null;
        if (from == SipSide.OUTSIDE) {
            return Optional.of(new NextHop(sip.uri(user, pbx.host(), pbx.port(), pbx.transport()),
                    Target.of(SipSide.INSIDE, pbx.transport(), pbxAddress)));
        }
        if (user != null) {
            Optional<Binding> binding = bindings.byToken(user).or(() -> bindings.byUser(user));
            if (binding.isPresent()) {
                return Optional.of(new NextHop((URI) binding.get().contact().clone(), binding.get().flow()));
            }
        }
        String host = requestUri instanceof SipUri uri ? uri.getHost() : null;
        for (ResolvedTrunk resolved : trunks) {
            Trunk trunk = resolved.trunk();
            boolean byHost = trunk.target().host().equalsIgnoreCase(host);
            boolean byPrefix = user != null && trunk.prefixes().stream().anyMatch(user::startsWith);
            if (byHost || byPrefix) {
                return Optional.of(new NextHop(
                        sip.uri(user, trunk.target().host(), trunk.target().port(), trunk.target().transport()),
                        Target.of(SipSide.OUTSIDE, trunk.target().transport(), resolved.address())));
            }
        }
        return Optional.empty();
    }

    /** The PBX target, for in-dialog requests to the inside leg. */
    Target pbx() {
        return Target.of(SipSide.INSIDE, pbx.transport(), pbxAddress);
    }
}

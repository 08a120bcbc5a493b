package org.sbc.core.b2bua;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.sbc.core.b2bua.registration.Binding;
import org.sbc.core.b2bua.registration.BindingCache;
import org.sbc.core.codec.SipUri;
import org.sbc.core.config.B2buaConfig.RequestUriMode;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.Trunk;
import org.sbc.core.sip.SipSide;

/**
 * Chooses where a new request goes. From the outside: always the PBX (naming the phone's own
 * user and host, or the PBX's, per {@code inside.request_uri}). From the inside: a
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
    private final RequestUriMode requestUriMode;

    Router(PbxTarget pbx, InetSocketAddress pbxAddress, List<ResolvedTrunk> trunks, BindingCache bindings,
            SipFactory sip) {
        this(pbx, pbxAddress, trunks, bindings, sip, RequestUriMode.KEEP);
    }

    Router(PbxTarget pbx, InetSocketAddress pbxAddress, List<ResolvedTrunk> trunks, BindingCache bindings,
            SipFactory sip, RequestUriMode requestUriMode) {
        this.requestUriMode = requestUriMode;
        this.pbx = pbx;
        this.pbxAddress = pbxAddress;
        this.trunks = List.copyOf(trunks);
        this.bindings = bindings;
        this.sip = sip;
    }

    Optional<NextHop> route(SipSide from, SipUri requestUri) {
        String user = requestUri.user();
        if (from == SipSide.OUTSIDE) {
            return Optional.of(new NextHop(towardsPbx(requestUri, user), pbx()));
        }
        if (user != null) {
            Optional<Binding> binding = bindings.byToken(user).or(() -> bindings.byUser(user));
            if (binding.isPresent()) {
                return Optional.of(new NextHop(binding.get().contact(), binding.get().flow()));
            }
        }
        String host = requestUri.host();
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

    /**
     * The Request-URI of a request from the outside, on the inside. It always travels to the PBX
     * (the transport target); {@code keep} names the phone's own user and host in it, so that a
     * registrar serving several domains routes each to its tenant, while the outside port and
     * parameters (which mean nothing inside) are dropped.
     */
    private SipUri towardsPbx(SipUri requestUri, String user) {
        if (requestUriMode == RequestUriMode.KEEP && requestUri.host() != null) {
            return sip.uri(user, requestUri.host());
        }
        return sip.uri(user, pbx.host(), pbx.port(), pbx.transport());
    }

    /** The PBX target, for in-dialog requests to the inside leg. */
    Target pbx() {
        return Target.of(SipSide.INSIDE, pbx.transport(), pbxAddress);
    }
}

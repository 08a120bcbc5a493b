package org.sbc.core.edge.policy;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.config.AddressLiterals;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Trunk;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.feeds.CidrSet;

/**
 * What the SBC knows about a request's source beyond the message itself: trusted or not, the
 * trunk it belongs to, whether it holds a registration, which user passed digest auth. Built once
 * per server from the config and the B2BUA's and authenticator's views; thread-safe.
 */
public final class SourceFacts {

    /** The facts for one request. */
    public record Known(boolean trusted, boolean registered, Optional<String> trunk, Optional<String> authenticatedUser) {
        public Known {
            requireNonNull(trunk, "trunk");
            requireNonNull(authenticatedUser, "authenticatedUser");
        }
    }

    /** Whether {@code user} holds a live registration made from {@code source}. */
    @FunctionalInterface
    public interface Registrations {
        Registrations NONE = (user, source) -> false;

        boolean holds(String user, InetAddress source);
    }

    /** The user whose digest credentials the authenticator verified on this very request, if any. */
    @FunctionalInterface
    public interface Authentications {
        Authentications NONE = message -> Optional.empty();

        Optional<String> verifiedUser(ReceivedMessage message);
    }

    private final CidrSet trusted;
    private final Map<InetAddress, String> trunks;
    private final Registrations registrations;
    private final Authentications authentications;

    private SourceFacts(CidrSet trusted, Map<InetAddress, String> trunks, Registrations registrations,
            Authentications authentications) {
        this.trusted = requireNonNull(trusted, "trusted");
        this.trunks = Map.copyOf(trunks);
        this.registrations = requireNonNull(registrations, "registrations");
        this.authentications = requireNonNull(authentications, "authentications");
    }

    /**
     * A trunk is known by the IP literal of its target; a trunk named by DNS is not matched
     * (no DNS at match time, and a name's addresses may change under the policy).
     */
    public static SourceFacts of(SbcConfig config, Registrations registrations, Authentications authentications) {
        return new SourceFacts(config.security().trusted(), trunkAddresses(config), registrations, authentications);
    }

    /** The trunk each trunk address belongs to (IP literal targets only), for call admission too. */
    public static Map<InetAddress, String> trunkAddresses(SbcConfig config) {
        Map<InetAddress, String> trunks = new HashMap<>();
        for (Trunk trunk : config.b2bua().trunks()) {
            AddressLiterals.parseUriHost(trunk.target().host()).ifPresent(a -> trunks.putIfAbsent(a, trunk.name()));
        }
        return trunks;
    }

    Known about(ReceivedMessage message, InetAddress source, String fromUser) {
        boolean registered = fromUser != null && registrations.holds(fromUser, source);
        return new Known(trusted.contains(source), registered, Optional.ofNullable(trunks.get(source)),
                authentications.verifiedUser(message));
    }
}

package org.sbc.core.edge.policy;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Trunk;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpLiteral;

/**
 * What the SBC knows about a request's source beyond the message itself: trusted or not, the
 * trunk it belongs to, whether it holds a registration, which user passed digest auth. Built once
 * per server from the config and the B2BUA's and authenticator's views; thread-safe.
 */
public final class SourceFacts {

    /**
     * The labels other steps know for a source before its message is read: {@code country},
     * {@code asn} and {@code feed} (the feeds that list it), for {@code label.NAME} conditions.
     */
    @FunctionalInterface
    public interface Labels {
        Labels NONE = source -> Map.of();

        Map<String, List<String>> of(InetAddress source);
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
    private final Labels labels;

    private SourceFacts(CidrSet trusted, Map<InetAddress, String> trunks, Registrations registrations,
            Authentications authentications, Labels labels) {
        this.labels = requireNonNull(labels, "labels");
        this.trusted = requireNonNull(trusted, "trusted");
        this.trunks = Map.copyOf(trunks);
        this.registrations = requireNonNull(registrations, "registrations");
        this.authentications = requireNonNull(authentications, "authentications");
    }

    /**
     * A trunk is known by its TLS client certificate ({@code trunks[].tls}), else by the IP literal
     * of its target; a trunk named by DNS is not matched by address (no DNS at match time, and a
     * name's addresses may change under the policy).
     */
    public static SourceFacts of(SbcConfig config, Registrations registrations, Authentications authentications) {
        return of(config, registrations, authentications, Labels.NONE);
    }

    /** @param labels country, AS and feed listings of a source (threat feeds and GeoIP) */
    public static SourceFacts of(SbcConfig config, Registrations registrations, Authentications authentications,
            Labels labels) {
        return new SourceFacts(config.security().trusted(), trunkAddresses(config), registrations, authentications,
                labels);
    }

    /** The trunk each trunk address belongs to (IP literal targets only), for call admission too. */
    public static Map<InetAddress, String> trunkAddresses(SbcConfig config) {
        Map<InetAddress, String> trunks = new HashMap<>();
        for (Trunk trunk : config.b2bua().trunks()) {
            IpLiteral.parseUriHost(trunk.target().host()).ifPresent(a -> trunks.putIfAbsent(a, trunk.name()));
        }
        return trunks;
    }

    // One fact at a time: an input asks only for what its rules read (SipPolicyInput).

    boolean trusted(InetAddress source) {
        return trusted.contains(source);
    }

    boolean registered(String fromUser, InetAddress source) {
        return fromUser != null && registrations.holds(fromUser, source);
    }

    /** A trunk's certificate names it wherever it connects from; else its address does. */
    Optional<String> trunk(ReceivedMessage message, InetAddress source) {
        return message.peer().certifiedTrunk().or(() -> Optional.ofNullable(trunks.get(source)));
    }

    Optional<String> authenticatedUser(ReceivedMessage message) {
        return authentications.verifiedUser(message);
    }

    Map<String, List<String>> labels(InetAddress source) {
        return labels.of(source);
    }
}

package org.sbc.core.cli;

import static java.util.Objects.requireNonNull;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.sbc.core.codec.SipMessageDecoder;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.edge.policy.ReputationLabels;
import org.sbc.core.edge.policy.SipPolicyInput;
import org.sbc.core.edge.policy.SourceFacts;
import org.sbc.core.edge.reputation.ReputationSources;
import org.sbc.core.edge.reputation.SourceLabels;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.MalformedMessage;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipFrame;
import org.sbc.policies.Decision;
import org.sbc.policies.PolicyEvaluator;
import org.sbc.policies.Side;

/**
 * A config's policy run outside the SBC, for {@code policy test} and {@code policy replay}: the
 * production decoder and the production adapter over bytes read from a file, no socket. A
 * source's labels (country and AS from {@code security.geoip}, the feeds that list it) come from
 * the same databases and lists a starting SBC reads, offline ({@link ReputationSources#offline}).
 * What only a running SBC knows (registrations, digest auth) comes from the caller:
 * {@code --user} plays a phone registered and authenticated as that user.
 */
final class OfflinePolicy implements AutoCloseable {

    /** One message's outcome: a decision, or why there is none (not a SIP request). */
    record Outcome(Optional<Decision> decision, String method, String problem) {}

    private final SbcConfig config;
    private final PolicyEvaluator evaluator;
    private final SipMessageDecoder decoder;
    private final ReputationSources reputation;

    /** @throws UncheckedIOException when a configured GeoIP database cannot be opened */
    OfflinePolicy(SbcConfig config) {
        this.config = requireNonNull(config, "config");
        this.evaluator = PolicyEvaluator.of(config.policy().loaded().orElseThrow().policy());
        this.decoder = new SipMessageDecoder(config.limits(), new Counters());
        BanTable bans = new BanTable(config.security().ban(),
                new Exemptions(config.security().trusted(), config.security().allow()), SecurityEventSink.NONE,
                new Counters(), Clock.systemUTC());
        this.reputation = ReputationSources.offline(config.security(), bans);
    }

    /** What the SBC would know of {@code source} before reading its message: its country, AS and listings. */
    SourceLabels labels(InetAddress source) {
        return reputation.reputation().labels(source);
    }

    PolicyEvaluator evaluator() {
        return evaluator;
    }

    Outcome judge(byte[] bytes, Peer peer, Side side, Optional<String> user, Instant time) {
        Object decoded = decoder.decode(new SipFrame(bytes, peer));
        if (decoded instanceof MalformedMessage malformed) {
            return new Outcome(Optional.empty(), "", "not a well-formed SIP message: " + malformed.problem());
        }
        if (!(decoded instanceof ReceivedMessage message) || !message.isRequest()) {
            return new Outcome(Optional.empty(), "", "not a SIP request");
        }
        SourceFacts facts = SourceFacts.of(config,
                (fromUser, source) -> user.isPresent() && user.get().equals(fromUser), m -> user,
                new ReputationLabels(reputation.reputation()));
        SipPolicyInput input = SipPolicyInput.of(message, side, facts, time);
        return new Outcome(Optional.of(evaluator.evaluate(input)), input.method(), "");
    }

    /** The SBC's own address on {@code side} for {@code transport}, as the message would have reached it. */
    InetSocketAddress local(Side side, org.sbc.core.sip.Transport transport) {
        var listen = (side == Side.INSIDE ? config.inside() : config.outside()).listen();
        ListenAddress chosen = listen.stream().filter(l -> l.transport() == transport).findFirst()
                .orElse(listen.isEmpty() ? new ListenAddress(transport, InetAddress.getLoopbackAddress(), 5060) : listen.get(0));
        return new InetSocketAddress(chosen.address(), chosen.port());
    }

    /** Which side of the SBC a packet to {@code destination} reached: inside when it is an inside listen address. */
    Side sideOf(InetSocketAddress destination) {
        boolean inside = config.inside().listen().stream()
                .anyMatch(l -> l.port() == destination.getPort() && l.address().equals(destination.getAddress()));
        return inside ? Side.INSIDE : Side.OUTSIDE;
    }

    @Override
    public void close() {
        reputation.close();
    }

    static Peer peer(org.sbc.core.sip.Transport transport, InetSocketAddress source, InetSocketAddress local) {
        return new Peer(transport, source, local);
    }
}

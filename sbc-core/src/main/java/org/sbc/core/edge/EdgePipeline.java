package org.sbc.core.edge;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import java.time.Clock;
import java.util.Optional;
import org.sbc.core.codec.SipMessageDecoder;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.auth.DigestAuthenticator;
import org.sbc.core.edge.ban.Bans;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.edge.flood.RateLimiter;
import org.sbc.core.edge.options.OptionsResponder;
import org.sbc.core.edge.policy.ActivePolicy;
import org.sbc.core.edge.pressure.PreParseShedding;
import org.sbc.core.edge.policy.PolicyEnforcer;
import org.sbc.core.edge.policy.SourceFacts;
import org.sbc.core.edge.options.SelfAddresses;
import org.sbc.core.edge.reputation.FeedRejectStep;
import org.sbc.core.edge.reputation.Reputation;
import org.sbc.core.edge.sanity.MalformedMessageResponder;
import org.sbc.core.edge.sanity.SipSanity;
import org.sbc.core.edge.secfilter.SecFilter;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Responses;

/**
 * The ordered edge steps that follow a transport's framing and the source gates, cheapest first
 * (see docs/architecture.md and docs/security.md). One instance per server: every handler in it
 * is sharable and holds no per-channel state, so all listeners and connections share them.
 */
public final class EdgePipeline {

    /** First after the framing: a first-seen source's new work under pressure is refused unparsed. */
    private final Optional<PreParseShedding> preParse;
    private final SipMessageDecoder decoder;
    private final MalformedMessageResponder malformed;
    private final SipSanity sanity;
    private final RateLimiter rateLimiter;
    private final SecFilter secfilter;
    private final DigestAuthenticator auth;
    private final OptionsResponder options;
    /** Only when a feed rejects: every other SBC pays nothing for it. */
    private final Optional<FeedRejectStep> feedReject;
    private final Optional<PolicyEnforcer> policy;
    private final ChannelHandler core;

    /** @param core the last step: the B2BUA, which every message that passed the edge reaches */
    public EdgePipeline(SbcConfig config, Counters counters, Bans bans, SecurityEventSink events, Clock clock,
            ChannelHandler core) {
        this(config, counters, bans, events, clock, core, Optional.empty(), Optional.empty(),
                SourceFacts.Registrations.NONE, SourceFacts.Labels.NONE, Optional.empty());
    }

    /**
     * @param reputation for a feed's {@code reject}: present when some feed rejects
     * @param policy the security policy in force, when the config names one: its step runs after auth
     * @param registrations the B2BUA's answer to "is this user registered from this source?"
     * @param labels what the threat feeds and GeoIP say of a source, for the policy's label conditions
     * @param shedding the B2BUA's judge of new work refused before the parse, when it has one
     */
    public EdgePipeline(SbcConfig config, Counters counters, Bans bans, SecurityEventSink events, Clock clock,
            ChannelHandler core, Optional<Reputation> reputation, Optional<ActivePolicy> policy,
            SourceFacts.Registrations registrations, SourceFacts.Labels labels,
            Optional<PreParseShedding.Judge> shedding) {
        EdgeContext context = EdgeContext.of(new Responses(config.sip().serverHeader()), counters);
        SelfAddresses self = new SelfAddresses(config);
        this.preParse = shedding.map(judge -> new PreParseShedding(context, judge));
        this.decoder = new SipMessageDecoder(config.limits(), counters);
        this.malformed = new MalformedMessageResponder(context);
        this.sanity = new SipSanity(context);
        this.rateLimiter = new RateLimiter(context, config.security().rateLimit(),
                new Exemptions(config.security().trusted(), config.security().allow()), events, clock);
        this.secfilter = new SecFilter(context, config.security().secfilter(), config.security().trusted(),
                bans, events, clock);
        this.auth = new DigestAuthenticator(context, config.security().auth(), config.security().trusted(), self,
                bans, events, clock);
        this.options = new OptionsResponder(context, self);
        this.feedReject = reputation.map(r -> new FeedRejectStep(context, r));
        DigestAuthenticator authenticator = this.auth;
        this.policy = policy.map(active -> new PolicyEnforcer(context, active,
                SourceFacts.of(config, registrations, authenticator::verifiedUser, labels), authenticator, bans, events,
                clock));
        this.core = core;
    }

    /** The secfilter step, whose lists the admin API reloads. */
    public SecFilter secfilter() {
        return secfilter;
    }

    /** The policy step, whose policy the admin API and SIGHUP reload; empty without {@code policy.files}. */
    public Optional<PolicyEnforcer> policy() {
        return policy;
    }

    /** Appends the steps after the framing handler the transport has already added. */
    public void appendTo(ChannelPipeline pipeline) {
        preParse.ifPresent(step -> pipeline.addLast("pre-parse-shedding", step));
        pipeline.addLast("sip-decoder", decoder)
                .addLast("malformed", malformed)
                .addLast("sanity", sanity);
        feedReject.ifPresent(step -> pipeline.addLast("feed-reject", step));
        pipeline.addLast("rate-limit", rateLimiter)
                .addLast("secfilter", secfilter)
                .addLast("auth", auth);
        policy.ifPresent(step -> pipeline.addLast("policy", step));
        pipeline.addLast("options", options)
                .addLast("b2bua", core);
    }
}

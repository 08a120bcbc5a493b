package org.sbc.core.edge.policy;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.edge.EdgeContext;
import org.sbc.core.edge.EdgeStep;
import org.sbc.core.edge.Verdict;
import org.sbc.core.edge.auth.DigestAuthenticator;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.edge.ban.Bans;
import org.sbc.core.edge.ban.Evidence;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.log.SourceRateLimitedLog;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.RequestFields;
import org.sbc.core.sip.SipSide;
import org.sbc.feeds.IpPrefix;
import org.sbc.policies.Decision;
import org.sbc.policies.Mode;
import org.sbc.policies.PolicyEvaluator;
import org.sbc.policies.RuleHit;
import org.sbc.policies.Side;

/**
 * Answers one question: what does the security policy (docs/policies.md) say about this request?
 * Runs after digest auth, so rules can ask who authenticated; sees every request, trusted source
 * or not ({@code trusted} is a condition like any other).
 *
 * <p>Every decision that is not a plain allow, and every match of a monitor-mode rule, becomes a
 * {@code POLICY_DENY} event carrying the rule id and the conditions that held; a ban carries the
 * rule id as its evidence, so {@code sbc bans why} names it. Per-rule hits are counted by the
 * evaluator ({@code GET /api/policy}).
 *
 * <p>The policy decides per request, not per datagram: a retransmission (the same transaction,
 * RFC 3261 §17.2.3) gets its first transmission's verdict from {@link TransactionDecisions} and
 * takes no second rate-limit token, rule hit, event or ban ({@code policy_retransmissions} counts
 * them); the verdict counters ({@code policy_allowed}, {@code policy_rejected}...) count messages.
 *
 * <p>Fails closed: a challenge that cannot be issued (no realm or nonce secret) is a 403; an
 * ACK, which cannot be answered, is dropped where another request would be answered.
 */
@Sharable
public final class PolicyEnforcer extends EdgeStep {

    static final String STEP = "policy";
    /** Explanations are our words (rule ids, conditions as written); still, one event stays small. */
    static final int MAX_EXPLANATION_CHARS = 1_024;
    private static final Logger LOGGER = System.getLogger(PolicyEnforcer.class.getName());

    private final ActivePolicy policy;
    private final SourceFacts facts;
    private final DigestAuthenticator auth;
    private final Bans bans;
    private final SecurityEventSink events;
    private final Counters counters;
    private final Clock clock;
    private final SourceRateLimitedLog log = SourceRateLimitedLog.perMinute(LOGGER);
    private final TransactionDecisions decisions;

    public PolicyEnforcer(EdgeContext context, ActivePolicy policy, SourceFacts facts, DigestAuthenticator auth,
            Bans bans, SecurityEventSink events, Clock clock) {
        super(context);
        this.policy = requireNonNull(policy, "policy");
        this.facts = requireNonNull(facts, "facts");
        this.auth = requireNonNull(auth, "auth");
        this.bans = requireNonNull(bans, "bans");
        this.events = requireNonNull(events, "events");
        this.counters = context.counters();
        this.clock = requireNonNull(clock, "clock");
        this.decisions = new TransactionDecisions(clock.millis());
    }

    public ActivePolicy policy() {
        return policy;
    }

    @Override
    protected String stepName() {
        return "policy";
    }

    @Override
    protected Verdict decide(ReceivedMessage message) {
        throw new UnsupportedOperationException("the policy step needs the channel to know its side");
    }

    @Override
    protected Verdict decide(ChannelHandlerContext ctx, ReceivedMessage message) {
        if (!message.isRequest()) {
            return Verdict.pass();
        }
        Side side = SipSide.of(ctx.channel()) == SipSide.INSIDE ? Side.INSIDE : Side.OUTSIDE;
        Instant now = clock.instant();
        SipPolicyInput input = SipPolicyInput.of(message, side, facts, now);
        PolicyEvaluator evaluator = policy.current();
        String transaction = TransactionDecisions.keyOf(message, side);
        Decision first = transaction == null ? null : decisions.find(transaction, evaluator);
        if (first != null) {
            counters.increment(Counter.POLICY_RETRANSMISSIONS);
            return retransmission(message, input, first);
        }
        Decision decision = evaluator.evaluate(input);
        if (transaction != null) {
            decisions.remember(transaction, evaluator, decision, now.toEpochMilli());
        }
        for (RuleHit monitored : decision.monitored()) {
            counters.increment(Counter.POLICY_MONITORED);
            report(message, monitored, Mode.MONITOR, "would " + monitored.action().describe(), "not requested (monitor)");
        }
        boolean ack = "ACK".equals(input.method());
        return switch (decision.verdict()) {
            case ALLOW -> allow(message, input, decision);
            case REJECT -> {
                report(message, decision.rule(), Mode.ENFORCE, "reject " + decision.code(), "not requested");
                yield refuse(decision, ack);
            }
            case DROP -> {
                report(message, decision.rule(), Mode.ENFORCE, "drop", "not requested");
                yield Verdict.drop(Counter.POLICY_DROPPED);
            }
            case CHALLENGE -> challenge(message, decision, ack);
            case BAN -> {
                counters.increment(Counter.POLICY_BANS_REQUESTED);
                Bans.Outcome outcome = bans.ban(IpPrefix.of(input.source()), Duration.ofSeconds(decision.banSeconds()),
                        BanReason.POLICY, new Evidence(STEP, decision.ruleId(), Map.of(), now, now));
                report(message, decision.rule(), Mode.ENFORCE, "ban " + decision.banSeconds() + "s", outcome.name());
                yield Verdict.drop(Counter.POLICY_DROPPED);
            }
        };
    }

    /**
     * A retransmission gets its first transmission's verdict, answered or passed on the same way,
     * but nothing is counted, charged, reported or banned again: that was done once, for the request.
     */
    private Verdict retransmission(ReceivedMessage message, SipPolicyInput input, Decision first) {
        boolean ack = "ACK".equals(input.method());
        return switch (first.verdict()) {
            case ALLOW -> allow(message, input, first);
            case REJECT -> refuse(first, ack);
            case DROP, BAN -> Verdict.drop(Counter.POLICY_DROPPED);
            case CHALLENGE -> ack ? Verdict.drop(Counter.POLICY_DROPPED) : auth.demand(message);
        };
    }

    private Verdict allow(ReceivedMessage message, SipPolicyInput input, Decision decision) {
        message.message().labels(message.message().labels().withPolicyRule(decision.ruleId()));
        input.apply(decision.headerEdits());
        decision.trunk().ifPresent(trunk -> route(input, trunk));
        counters.increment(Counter.POLICY_ALLOWED);
        return Verdict.pass();
    }

    private static Verdict refuse(Decision decision, boolean ack) {
        return ack ? Verdict.drop(Counter.POLICY_DROPPED)
                : Verdict.answer(decision.code(), decision.reason(), Counter.POLICY_REJECTED);
    }

    /**
     * Requests from the inside go where the router sends them, by the Request-URI; from the outside
     * everything goes to the PBX, so a route there changes nothing (and is not counted as routed).
     */
    private void route(SipPolicyInput input, String trunk) {
        if (input.side() == Side.INSIDE) {
            policy.routes().target(trunk).filter(target -> input.routeTo(target.host(), target.port()))
                    .ifPresent(target -> counters.increment(Counter.POLICY_ROUTED));
        }
    }

    private Verdict challenge(ReceivedMessage message, Decision decision, boolean ack) {
        if (ack) {
            report(message, decision.rule(), Mode.ENFORCE, "challenge (ACK: dropped)", "not requested");
            return Verdict.drop(Counter.POLICY_DROPPED);
        }
        Verdict verdict = auth.demand(message);
        if (verdict.action() == Verdict.Action.PASS) {
            counters.increment(Counter.POLICY_ALLOWED);
            return verdict;
        }
        counters.increment(Counter.POLICY_CHALLENGED);
        report(message, decision.rule(), Mode.ENFORCE, "challenge", "not requested");
        return verdict;
    }

    private void report(ReceivedMessage message, RuleHit rule, Mode mode, String action, String banOutcome) {
        String explanation = capped(rule.explain());
        var request = message.request();
        events.emit(new SecurityEvent(clock.instant(), SecurityEventType.POLICY_DENY, message.peer().remote(),
                Optional.of(message.peer().transport()), STEP, rule.ruleId(), mode.word(),
                Map.of("action", action, "conditions", capped(String.join(", ", rule.conditions())), "ban", banOutcome),
                RequestFields.userAgent(request), RequestFields.from(request), RequestFields.to(request),
                RequestFields.requestUri(request)));
        // Our words only: the explanation names conditions as written in the policy, never request text.
        log.log(Level.INFO, message.peer().remote().getAddress(), () -> STEP + ": " + action + " request from "
                + message.peer() + " by " + explanation + " (logged once a minute per source)");
    }

    private static String capped(String text) {
        return text.length() > MAX_EXPLANATION_CHARS ? text.substring(0, MAX_EXPLANATION_CHARS) + "..." : text;
    }
}

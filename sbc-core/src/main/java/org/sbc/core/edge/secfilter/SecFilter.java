package org.sbc.core.edge.secfilter;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandler.Sharable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.sbc.core.codec.SipRequest;
import org.sbc.policies.Mode;
import org.sbc.core.edge.secfilter.SecFilterConfig.BlockAction;
import org.sbc.core.edge.EdgeContext;
import org.sbc.core.edge.EdgeStep;
import org.sbc.core.edge.Verdict;
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
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;

/**
 * Answers one question: do the secfilter lists let this request through? A denied request is
 * dropped silently or answered 403, as its list says, and its source is banned if the list asks
 * for it. Trusted networks are exempt; responses are not checked.
 *
 * <p>The lists are one immutable {@link SecFilterRules} snapshot behind an atomic reference:
 * {@link #replace} swaps in a new one whole, so a reload never leaves a moment with no lists
 * (Kamailio's secfilter empties its lists before refilling them). Fails closed: a regex that
 * runs out of its step budget counts as a deny match.
 */
@Sharable
public final class SecFilter extends EdgeStep {

    static final String STEP = "secfilter";
    private static final Logger LOGGER = System.getLogger(SecFilter.class.getName());

    private final AtomicReference<SecFilterRules> rules;
    private final CidrSet trusted;
    private final Bans bans;
    private final SecurityEventSink events;
    private final Counters counters;
    private final Clock clock;
    private final SourceRateLimitedLog log = SourceRateLimitedLog.perMinute(LOGGER);

    public SecFilter(EdgeContext context, SecFilterConfig config, CidrSet trusted, Bans bans,
            SecurityEventSink events, Clock clock) {
        super(context);
        this.rules = new AtomicReference<>(new SecFilterRules(config));
        this.trusted = requireNonNull(trusted, "trusted");
        this.bans = requireNonNull(bans, "bans");
        this.events = requireNonNull(events, "events");
        this.counters = context.counters();
        this.clock = requireNonNull(clock, "clock");
    }

    /** Publishes {@code config} as the lists every following message is checked against. */
    public void replace(SecFilterConfig config) {
        rules.set(new SecFilterRules(config));
    }

    public SecFilterConfig config() {
        return rules.get().config();
    }

    /** The entry counts of the lists in force; no list content. */
    public String summary() {
        return rules.get().summary();
    }

    @Override
    protected String stepName() {
        return "secfilter";
    }

    @Override
    protected Verdict decide(ReceivedMessage message) {
        if (!message.isRequest()) {
            return Verdict.pass();
        }
        InetAddress source = message.peer().remote().getAddress();
        if (trusted.contains(source)) {
            return Verdict.pass();
        }
        SecFilterRules snapshot = rules.get(); // one snapshot for the whole decision
        SipRequest request = message.request();
        Optional<SecFilterRules.Hit> found = snapshot.check(request, source);
        if (found.isEmpty()) {
            return Verdict.pass();
        }
        SecFilterRules.Hit hit = found.get();
        if (hit.budgetExceeded()) {
            counters.increment(Counter.SECFILTER_REGEX_BUDGET_EXCEEDED);
        }
        if (snapshot.mode() == Mode.MONITOR) {
            counters.increment(Counter.SECFILTER_MONITORED);
            report(message, hit, Mode.MONITOR, "not requested (monitor)");
            return Verdict.pass();
        }
        String banOutcome = "not requested";
        if (hit.block().ban()) {
            counters.increment(Counter.SECFILTER_BANS_REQUESTED);
            Instant now = clock.instant();
            BanReason reason = hit.type() == SecurityEventType.SCANNER || hit.rule().startsWith("injection")
                    ? BanReason.SCANNER : BanReason.POLICY;
            banOutcome = bans.ban(IpPrefix.of(source), reason,
                    new Evidence(STEP, hit.rule(), Map.of(), now, now)).name();
        }
        report(message, hit, Mode.ENFORCE, banOutcome);
        boolean isAck = "ACK".equals(request.method());
        if (hit.block().action() == BlockAction.DROP || isAck) {
            return Verdict.drop(Counter.SECFILTER_DROPPED); // an ACK is never answered
        }
        return Verdict.answer(403, "Forbidden", Counter.SECFILTER_REJECTED);
    }

    private void report(ReceivedMessage message, SecFilterRules.Hit hit, Mode mode, String banOutcome) {
        SipRequest request = message.request();
        String action = mode == Mode.MONITOR ? "would " + hit.block().action().token() : hit.block().action().token();
        events.emit(new SecurityEvent(clock.instant(), hit.type(), message.peer().remote(),
                Optional.of(message.peer().transport()), STEP, hit.rule(), mode.word(),
                Map.of("action", action, "ban", banOutcome),
                RequestFields.userAgent(request), RequestFields.from(request), RequestFields.to(request),
                RequestFields.requestUri(request)));
        // Our words only: the rule path, the action and the socket address; never the request's text.
        log.log(Level.INFO, message.peer().remote().getAddress(), () -> STEP + ": " + action + " request from "
                + message.peer() + " by rule " + hit.rule() + ", ban " + banOutcome + " (logged once a minute per source)");
    }
}

package org.sbc.core.admission;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sbc.core.edge.policy.ActivePolicy;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.policies.Admission;
import org.sbc.policies.BucketRateLimiter;
import org.sbc.policies.FraudLimit;
import org.sbc.policies.Numbering;
import org.sbc.policies.Policy;
import org.sbc.policies.RateLimit;

/**
 * The {@code admission} and {@code fraud} limits of the policy in force, applied when a call from
 * the outside starts. Limits are read from the current policy at each call, so a reload changes
 * them for new calls; the counts (calls up, windows, minutes) outlive reloads. A call's ticket
 * remembers what it counted, so its release undoes exactly that whatever the policy is by then.
 *
 * <p>Fails closed: a call beyond {@link #MAX_CALLS} tracked calls is refused 503.
 */
public final class PolicyCallAdmission implements CallAdmission {

    /** More than any max_dialogs; a guard against a release path that was missed, not a limit to reach. */
    static final int MAX_CALLS = 1_000_000;
    static final String STEP = "admission";
    /** An operator's reset has no source address: its event carries 0.0.0.0. */
    private static final InetSocketAddress NO_SOURCE = ActivePolicy.NO_SOURCE;

    /** What an admitted call counted: undone at its release. */
    private record Ticket(InetAddress source, List<String> concurrentKeys, List<FraudCount> fraud, boolean international,
            boolean highCost, Instant started, boolean challenged) {

        Ticket asChallenged() {
            return new Ticket(source, concurrentKeys, fraud, international, highCost, started, true);
        }
    }

    private record FraudCount(FraudLimit limit, String subject) {}

    private final ActivePolicy policy;
    private final Map<InetAddress, String> trunks;
    private final Counters counters;
    private final SecurityEventSink events;
    private final InstantSource clock;
    private final ConcurrentCalls concurrent = new ConcurrentCalls();
    private final BucketRateLimiter perSecond = BucketRateLimiter.of();
    private final FraudLedger ledger = new FraudLedger();
    private final ConcurrentHashMap<String, Ticket> calls = new ConcurrentHashMap<>();

    /** @param trunks the trunk each source address belongs to */
    public PolicyCallAdmission(ActivePolicy policy, Map<InetAddress, String> trunks, Counters counters,
            SecurityEventSink events, InstantSource clock) {
        this.policy = requireNonNull(policy, "policy");
        this.trunks = Map.copyOf(trunks);
        this.counters = requireNonNull(counters, "counters");
        this.events = requireNonNull(events, "events");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Refusal> admit(String callKey, boolean fromOutside, InetAddress source,
            Optional<String> certifiedTrunk, Optional<String> authenticatedUser, String fromUser, String dialled) {
        Policy current = policy.current().policy();
        if (!fromOutside || (current.admission().isEmpty() && current.fraud().isEmpty())) {
            return Optional.empty();
        }
        if (calls.containsKey(callKey)) {
            return Optional.empty(); // the same call again (a retransmission that reopened it): already counted
        }
        if (calls.size() >= MAX_CALLS) {
            return Optional.of(refuse(source, new Refusal(503, "Service Unavailable", "max_calls"), Map.of()));
        }
        Instant now = clock.instant();
        Optional<String> e164 = Optional.ofNullable(dialled).flatMap(current.numbering()::normalise);
        Map<RateLimit.Key, String> values = values(source, certifiedTrunk, callerAccount(authenticatedUser, fromUser));
        for (FraudLimit limit : current.fraud()) {
            String subject = values.get(limit.key());
            Optional<FraudLedger.Crossing> blocked = subject == null ? Optional.empty() : ledger.blocked(limit, subject, now);
            if (blocked.isPresent()) {
                counters.increment(Counter.FRAUD_BLOCKED);
                return Optional.of(refuse(source, new Refusal(403, "Forbidden", limit.id()), details(blocked.get())));
            }
        }
        List<String> taken = new ArrayList<>();
        for (Admission limit : current.admission()) {
            String value = value(limit, values, e164, dialled);
            if (value == null) {
                continue; // a call without the key's value (no trunk) is not limited by it
            }
            String key = limit.id() + "\n" + value;
            boolean fast = limit.perSecond() == 0 || perSecond.tryAcquire(limit.id(), new RateLimit(limit.key(),
                    limit.prefixDigits(), limit.perSecond(), Duration.ofSeconds(1), limit.perSecond(), limit.rejectCode()), value);
            if (!fast || !concurrent.tryTake(key, limit.concurrent())) {
                taken.forEach(concurrent::release);
                counters.increment(Counter.ADMISSION_REFUSED);
                return Optional.of(refuse(source, new Refusal(limit.rejectCode(), limit.rejectCode() == 503
                        ? "Service Unavailable" : "Forbidden", limit.id()), Map.of("limit", fast ? "concurrent" : "per_second",
                        "value", Integer.toString(concurrent.get(key)))));
            }
            taken.add(key);
        }
        List<FraudCount> fraud = new ArrayList<>();
        boolean international = isInternational(e164, current.numbering());
        boolean highCost = false;
        for (FraudLimit limit : current.fraud()) {
            String subject = values.get(limit.key());
            if (subject != null) {
                ledger.start(limit, subject, now, crossing -> report(crossing, source));
                fraud.add(new FraudCount(limit, subject));
                highCost |= e164.isPresent() && limit.highCostPrefixes().stream().anyMatch(e164.get()::startsWith);
            }
        }
        calls.put(callKey, new Ticket(source, taken, fraud, international, highCost, now, false));
        return Optional.empty();
    }

    @Override
    public void challenged(String callKey) {
        Ticket[] undone = {null};
        calls.computeIfPresent(callKey, (key, ticket) -> {
            if (!ticket.challenged()) {
                undone[0] = ticket;
            }
            return ticket.asChallenged();
        });
        if (undone[0] != null) {
            Instant now = clock.instant();
            for (FraudCount count : undone[0].fraud()) {
                ledger.uncount(count.limit(), count.subject(), undone[0].started(), now);
            }
        }
    }

    @Override
    public void release(String callKey, long answeredMillis) {
        Ticket ticket = calls.remove(callKey);
        if (ticket == null) {
            return;
        }
        ticket.concurrentKeys().forEach(concurrent::release);
        Instant now = clock.instant();
        long seconds = Math.max(0, answeredMillis) / 1_000;
        for (FraudCount count : ticket.fraud()) {
            ledger.end(count.limit(), count.subject(), now, seconds, ticket.international(), ticket.highCost(),
                    crossing -> report(crossing, ticket.source()));
        }
    }

    /** {@code sbc fraud list}: every account, its counts and what blocks it. */
    public List<FraudAccount> fraudAccounts() {
        Map<String, FraudLimit> limits = new LinkedHashMap<>();
        policy.current().policy().fraud().forEach(limit -> limits.put(limit.id(), limit));
        return ledger.list(limits, clock.instant());
    }

    /** {@code sbc fraud reset USER}: lifts every block of {@code subject}; how many accounts it had. */
    public int resetFraud(String subject) {
        int reset = ledger.reset(subject);
        if (reset > 0) {
            counters.increment(Counter.FRAUD_RESETS);
            emit(SecurityEventType.FRAUD_RESET, NO_SOURCE, "fraud.reset", "enforce",
                    Map.of("subject", subject, "accounts", Integer.toString(reset)));
        }
        return reset;
    }

    /** Calls being counted; the end-to-end tests check it returns to zero. */
    public int callsTracked() {
        return calls.size();
    }

    /**
     * The user a {@code user} limit counts: the account that authenticated, whatever From it
     * writes (a caller must not dodge its own block by changing its From user): verified by the
     * SBC (its auth step or a policy {@code challenge}), or named in the credentials the PBX judges
     * (pass-through auth); the From user only when the INVITE carries no credentials at all.
     */
    static String callerAccount(Optional<String> authenticatedUser, String fromUser) {
        return authenticatedUser.filter(user -> !user.isEmpty()).orElse(fromUser);
    }

    private Map<RateLimit.Key, String> values(InetAddress source, Optional<String> certifiedTrunk, String user) {
        Map<RateLimit.Key, String> values = new java.util.EnumMap<>(RateLimit.Key.class);
        values.put(RateLimit.Key.SOURCE, source.getHostAddress());
        if (user != null && !user.isEmpty()) {
            values.put(RateLimit.Key.USER, capped(user));
        }
        // As the policy's trunk fact: the certificate's trunk first, else the address's.
        certifiedTrunk.or(() -> Optional.ofNullable(trunks.get(source)))
                .ifPresent(trunk -> values.put(RateLimit.Key.TRUNK, trunk));
        return values;
    }

    private static String value(Admission limit, Map<RateLimit.Key, String> values, Optional<String> e164, String dialled) {
        if (limit.key() != RateLimit.Key.DESTINATION_PREFIX) {
            return values.get(limit.key());
        }
        String number = e164.orElse(dialled);
        if (number == null || number.isEmpty()) {
            return null;
        }
        return number.substring(0, Math.min(number.length(), limit.prefixDigits()));
    }

    /** International: an E.164 number outside the numbering plan's own country code. */
    private static boolean isInternational(Optional<String> e164, Numbering numbering) {
        return e164.isPresent() && numbering.countryCode().isPresent()
                && !e164.get().startsWith("+" + numbering.countryCode().get());
    }

    /** Keys are attacker-controlled (a From user): a cap keeps an account's key small. */
    private static String capped(String user) {
        return user.length() > 128 ? user.substring(0, 128) : user;
    }

    private Refusal refuse(InetAddress source, Refusal refusal, Map<String, String> details) {
        Map<String, String> all = new LinkedHashMap<>(details);
        all.put("answer", Integer.toString(refusal.code()));
        emit(SecurityEventType.POLICY_DENY, new InetSocketAddress(source, 0), refusal.limitId(), "enforce", all);
        return refusal;
    }

    private void report(FraudLedger.Crossing crossing, InetAddress source) {
        counters.increment(crossing.blocking() ? Counter.FRAUD_BLOCK_LEVELS_REACHED : Counter.FRAUD_WARNINGS);
        emit(crossing.blocking() ? SecurityEventType.FRAUD_BLOCK : SecurityEventType.FRAUD_WARNING,
                new InetSocketAddress(source, 0), crossing.limitId(), crossing.blocking() ? "enforce" : "monitor",
                details(crossing));
    }

    private static Map<String, String> details(FraudLedger.Crossing crossing) {
        return Map.of("subject", crossing.subject(), "measure", crossing.measure().key,
                "value", Long.toString(crossing.value()), "level", (crossing.blocking() ? "block " : "warn ") + crossing.level());
    }

    private void emit(SecurityEventType type, InetSocketAddress source, String reason, String mode,
            Map<String, String> details) {
        events.emit(new SecurityEvent(clock.instant(), type, source, Optional.empty(), STEP,
                reason, mode, details, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }
}

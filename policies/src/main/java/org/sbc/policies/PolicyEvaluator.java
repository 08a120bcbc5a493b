package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.sbc.policies.internal.Facts;
import org.sbc.policies.internal.PrefixIndex;

/**
 * Runs a {@link Policy} over requests: first matching enforce-mode rule with a verdict wins,
 * else the default. Monitor-mode rules are recorded and change nothing; rules without a verdict
 * (tags, header edits, a rate limit not exceeded) apply and let later rules decide.
 *
 * <p>Holds the per-rule hit counters and the rate-limit buckets, so one evaluator lives as long
 * as its policy: a reload builds a new one (buckets start full again). Thread-safe.
 *
 * <p>Counters (declared here, listed in docs/policies.md): {@code hits} per rule id and for
 * {@code default} (a monitor rule counts its matches too), and {@link #regexBudgetExceeded()}.
 */
public final class PolicyEvaluator {

    /** Rate-limit keys are attacker-controlled (a From user); a cap keeps a bucket key small. */
    static final int MAX_KEY_CHARS = 128;

    private final Policy policy;
    private final RateLimiter rateLimiter;
    private final LongAdder[] hits;
    private final LongAdder defaultHits = new LongAdder();
    private final LongAdder regexBudgetExceeded = new LongAdder();

    private PolicyEvaluator(Policy policy, RateLimiter rateLimiter) {
        this.policy = requireNonNull(policy, "policy");
        this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter");
        this.hits = new LongAdder[policy.rules().size()];
        for (int i = 0; i < hits.length; i++) {
            hits[i] = new LongAdder();
        }
    }

    /** An evaluator with in-memory buckets bounded at {@link BucketRateLimiter#DEFAULT_MAX_KEYS}. */
    public static PolicyEvaluator of(Policy policy) {
        return new PolicyEvaluator(policy, BucketRateLimiter.of());
    }

    public static PolicyEvaluator of(Policy policy, RateLimiter rateLimiter) {
        return new PolicyEvaluator(policy, rateLimiter);
    }

    public Policy policy() {
        return policy;
    }

    public Decision evaluate(PolicyInput input) {
        requireNonNull(input, "input");
        Facts facts = new Facts(input, policy.numbering());
        List<Rule> rules = policy.rules();
        List<RuleHit> monitored = new ArrayList<>(0);
        List<RuleHit> applied = new ArrayList<>(0);
        List<HeaderEdit> edits = new ArrayList<>(0);
        try {
            PrefixIndex prefixes = policy.prefixes();
            BitSet dialled = null; // looked up at the first indexed rule: an ACK or a BYE usually meets none
            for (int index : policy.candidates(input.method())) {
                if (prefixes.indexes(index)) {
                    if (dialled == null) {
                        dialled = prefixes.matching(facts);
                    }
                    if (!dialled.get(index)) {
                        continue; // its prefix condition cannot hold for this number
                    }
                }
                Rule rule = rules.get(index);
                if (!rule.test(facts)) {
                    continue;
                }
                Action action = rule.action();
                List<String> extra = List.of();
                if (action.rateLimit().isPresent()) {
                    RateLimit limit = action.rateLimit().get();
                    String key = key(limit, facts);
                    if (key == null || rateLimiter.tryAcquire(rule.id(), limit, key)) {
                        continue;
                    }
                    extra = List.of("over rate_limit " + limit);
                }
                hits[index].increment();
                RuleHit hit = rule.hit(facts, extra);
                if (rule.mode() == Mode.MONITOR) {
                    monitored.add(hit);
                    continue;
                }
                edits.addAll(action.headerEdits());
                action.tags().forEach(facts::tag);
                if (action.rateLimit().isPresent()) {
                    RateLimit limit = action.rateLimit().get();
                    return decision(Verdict.REJECT, limit.rejectCode(), reasonPhrase(limit.rejectCode()), 0,
                            Optional.empty(), hit, monitored, applied, edits, facts);
                }
                if (!action.isTerminal()) {
                    applied.add(hit);
                    continue;
                }
                return decision(action.verdict().get(), action.code(), action.reason(), action.banSeconds(),
                        action.trunk(), hit, monitored, applied, edits, facts);
            }
            defaultHits.increment();
            Action fallback = policy.defaultAction();
            RuleHit hit = new RuleHit(RuleHit.DEFAULT_ID, Mode.ENFORCE, fallback, List.of());
            edits.addAll(fallback.headerEdits());
            fallback.tags().forEach(facts::tag);
            return decision(fallback.verdict().get(), fallback.code(), fallback.reason(), fallback.banSeconds(),
                    fallback.trunk(), hit, monitored, applied, edits, facts);
        } finally {
            if (facts.regexBudgetExceededCount() > 0) {
                regexBudgetExceeded.add(facts.regexBudgetExceededCount());
            }
        }
    }

    private static Decision decision(Verdict verdict, int code, String reason, long banSeconds, Optional<String> trunk,
            RuleHit hit, List<RuleHit> monitored, List<RuleHit> applied, List<HeaderEdit> edits, Facts facts) {
        return new Decision(verdict, code, reason, banSeconds, trunk, hit, monitored, applied, edits, facts.tags());
    }

    /** The bucket key, or null when the request has no value for it (not limited). */
    private String key(RateLimit limit, Facts facts) {
        PolicyInput input = facts.input();
        String key = switch (limit.key()) {
            case SOURCE -> input.source().getHostAddress();
            case USER -> input.authenticatedUser().or(input::fromUser).orElse(null);
            case TRUNK -> input.trunk().orElse(null);
            case DESTINATION_PREFIX -> facts.ruriE164().or(input::ruriUser)
                    .map(number -> {
                        // Digits, not characters: the + of an E.164 number is not one of them.
                        int end = limit.prefixDigits() + (number.startsWith("+") ? 1 : 0);
                        return number.substring(0, Math.min(number.length(), end));
                    })
                    .orElse(null);
        };
        if (key == null || key.isEmpty()) {
            return null;
        }
        return key.length() > MAX_KEY_CHARS ? key.substring(0, MAX_KEY_CHARS) : key;
    }

    /** Reason phrases of RFC 3261 §21 for the codes a rule is likely to use. */
    public static String reasonPhrase(int code) {
        return switch (code) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 410 -> "Gone";
            case 480 -> "Temporarily Unavailable";
            case 484 -> "Address Incomplete";
            case 486 -> "Busy Here";
            case 488 -> "Not Acceptable Here";
            case 500 -> "Server Internal Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 603 -> "Decline";
            case 604 -> "Does Not Exist Anywhere";
            case 606 -> "Not Acceptable";
            default -> code < 500 ? "Request Failure" : code < 600 ? "Server Failure" : "Global Failure";
        };
    }

    /** Matches per rule id in rule order, then {@code default}; monitor rules count too. */
    public Map<String, Long> hits() {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Rule> rules = policy.rules();
        for (int i = 0; i < rules.size(); i++) {
            counts.put(rules.get(i).id(), hits[i].sum());
        }
        counts.put(RuleHit.DEFAULT_ID, defaultHits.sum());
        return counts;
    }

    /** Regex matches given up for running out of budget (counted as no match). */
    public long regexBudgetExceeded() {
        return regexBudgetExceeded.sum();
    }
}

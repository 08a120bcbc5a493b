package org.sbc.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.policies.Policies.ip;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each action as decision data, and the explanation a decision carries. */
class ActionsTest {

    private static Decision decide(String action) {
        return Policies.evaluator("rules:\n  - id: r\n    match: {}\n    action: " + action + "\ndefault: allow\n")
                .evaluate(PolicyInput.builder().build());
    }

    @Test
    void verbsAloneAreVerdicts() {
        assertEquals(Verdict.ALLOW, decide("allow").verdict());
        assertEquals(Verdict.DROP, decide("drop").verdict());
        assertEquals(Verdict.CHALLENGE, decide("challenge").verdict());
        Decision reject = decide("reject");
        assertEquals(403, reject.code());
        assertEquals("Forbidden", reject.reason());
    }

    @Test
    void rejectTakesACodeAndAnOptionalReason() {
        assertEquals("Busy Here", decide("{ reject: 486 }").reason());
        Decision custom = decide("{ reject: { code: 603, reason: Not today } }");
        assertEquals(603, custom.code());
        assertEquals("Not today", custom.reason());
    }

    @Test
    void banCarriesItsLengthAndTheRuleAsReason() {
        Decision ban = decide("{ ban: 900 }");
        assertEquals(Verdict.BAN, ban.verdict());
        assertEquals(900, ban.banSeconds());
        assertEquals("rule 'r' (enforce): ban 900s; because it matches every request", ban.rule().explain());
    }

    @Test
    void routeIsAnAllowToATrunkWithHeaderEdits() {
        Decision route = decide("{ route: carrier-b, set_header: { X-Carrier: b }, remove_header: [X-Internal],"
                + " rewrite_header: { User-Agent: { regex: \"^(\\\\S+).*\", replace: \"$1\" } } }");
        assertEquals(Verdict.ALLOW, route.verdict());
        assertEquals(Optional.of("carrier-b"), route.trunk());
        assertEquals(3, route.headerEdits().size());
        HeaderEdit.Rewrite rewrite = (HeaderEdit.Rewrite) route.headerEdits().stream()
                .filter(e -> e instanceof HeaderEdit.Rewrite).findFirst().orElseThrow();
        assertEquals("Yealink", rewrite.apply("Yealink SIP-T46U 66.86.0.15"));
    }

    @Test
    void tagsAndHeaderEditsWithoutAVerdictApplyAndLetLaterRulesDecide() {
        PolicyEvaluator evaluator = Policies.evaluator("""
                rules:
                  - id: classify
                    match: { ruri_user: { prefix: "00" } }
                    action: { tag: { class: international }, set_header: { X-Class: intl } }
                  - id: intl-needs-auth
                    match: { label.class: international, authenticated: false }
                    action: challenge
                default: allow
                """);
        Decision decision = evaluator.evaluate(PolicyInput.builder().ruriUser("0044").build());
        assertEquals(Verdict.CHALLENGE, decision.verdict());
        assertEquals("intl-needs-auth", decision.ruleId());
        assertEquals(List.of("classify"), decision.applied().stream().map(RuleHit::ruleId).toList());
        assertEquals(Map.of("class", List.of("international")), decision.tags());
        assertEquals(List.of(new HeaderEdit.Set("X-Class", "intl")), decision.headerEdits());
        assertEquals("""
                rule 'intl-needs-auth' (enforce): challenge; because label.class exact 'international', authenticated false
                rule 'classify' (enforce): set_header X-Class, tag class=international; because ruri_user prefix '00'""",
                decision.explain());
    }

    @Test
    void aMonitorRuleRecordsWhatItWouldDoAndAppliesNothing() {
        PolicyEvaluator evaluator = Policies.evaluator("""
                rules:
                  - id: try-tag
                    mode: monitor
                    match: {}
                    action: { tag: { x: "1" } }
                  - id: try-block
                    mode: monitor
                    match: {}
                    action: { reject: 403 }
                default: allow
                """);
        Decision decision = evaluator.evaluate(PolicyInput.builder().build());
        assertEquals(Verdict.ALLOW, decision.verdict());
        assertEquals(Map.of(), decision.tags());
        assertEquals(List.of("try-tag", "try-block"), decision.monitored().stream().map(RuleHit::ruleId).toList());
        assertEquals(Map.of("try-tag", 1L, "try-block", 1L, "default", 1L), evaluator.hits());
    }

    @Test
    void rateLimitByDestinationPrefixKeysOnTheFirstDigitsOfTheE164Number() {
        PolicyEvaluator evaluator = Policies.evaluator("""
                numbering: { international_prefix: "00" }
                rules:
                  - id: per-destination
                    match: { method: INVITE }
                    action: { rate_limit: { key: destination_prefix, digits: 2, rate: 1, per: hour, reject: 486 } }
                default: allow
                """);
        assertEquals(Verdict.ALLOW, evaluator.evaluate(PolicyInput.builder().ruriUser("0044201").build()).verdict());
        Decision second = evaluator.evaluate(PolicyInput.builder().ruriUser("+44999").build());
        assertEquals(Verdict.REJECT, second.verdict());
        assertEquals(486, second.code());
        assertEquals(Verdict.ALLOW, evaluator.evaluate(PolicyInput.builder().ruriUser("+33999").build()).verdict());
    }

    @Test
    void aRequestWithoutTheLimitsKeyIsNotLimited() {
        PolicyEvaluator evaluator = Policies.evaluator("""
                rules:
                  - id: per-trunk
                    match: {}
                    action: { rate_limit: { key: trunk, rate: 1, per: hour } }
                default: allow
                """);
        for (int i = 0; i < 3; i++) {
            assertEquals(Verdict.ALLOW, evaluator.evaluate(PolicyInput.builder().build()).verdict());
        }
    }

    @Test
    void theBucketTableIsBoundedAndDropsTheLeastRecentlyUsedKey() {
        BucketRateLimiter limiter = BucketRateLimiter.of(100);
        PolicyEvaluator evaluator = PolicyEvaluator.of(Policies.loaded("""
                rules:
                  - id: per-source
                    match: {}
                    action: { rate_limit: { key: source, rate: 1, per: hour } }
                default: allow
                """).policy(), limiter);
        for (int i = 0; i < 1000; i++) {
            evaluator.evaluate(PolicyInput.builder().source(ip("10.0." + (i / 256) + "." + (i % 256))).build());
        }
        assertEquals(100, limiter.size());
        assertTrue(limiter.maxKeys() == 100);
    }
}

package org.sbc.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sbc.policies.Policies.ip;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policy of issue 10's Contract, word for word, decides as the contract says. */
class ContractTest {

    private static final String CONTRACT = """
            rules:
              - id: no-premium
                match: { method: INVITE, ruri_user: { prefix: ["900", "+1900"] } }
                action: { reject: 403 }
              - id: scanner-watch
                mode: monitor
                match: { user_agent: { regex: "(?i)probe" } }
                action: drop
              - id: lab-only
                match: { method: MESSAGE, source: { not_cidr: [127.0.0.0/24] } }
                action: { ban: 600 }
            default: allow
            """;

    private final PolicyEvaluator evaluator = Policies.evaluator(CONTRACT);

    @Test
    void premiumInviteIsRejectedWith403ByNoPremium() {
        Decision decision = evaluator.evaluate(PolicyInput.builder().method("INVITE").ruriUser("+19005551234").build());
        assertEquals(Verdict.REJECT, decision.verdict());
        assertEquals(403, decision.code());
        assertEquals("no-premium", decision.ruleId());
        assertEquals(List.of("method exact 'INVITE'", "ruri_user prefix '+1900'"), decision.rule().conditions());
    }

    @Test
    void probeUserAgentIsOnlyMonitoredAndTheDefaultDecides() {
        Decision decision = evaluator.evaluate(PolicyInput.builder().method("OPTIONS").userAgent("SIPProbe 1.0").build());
        assertEquals(Verdict.ALLOW, decision.verdict());
        assertEquals("default", decision.ruleId());
        assertEquals(Optional.of("scanner-watch"), decision.monitor());
        assertEquals("rule 'scanner-watch' (monitor): drop; because user_agent regex '(?i)probe'",
                decision.monitored().get(0).explain());
    }

    @Test
    void messageFromOutsideTheLabIsBanned600Seconds() {
        Decision decision = evaluator.evaluate(PolicyInput.builder().method("MESSAGE").source(ip("192.0.2.7")).build());
        assertEquals(Verdict.BAN, decision.verdict());
        assertEquals(600, decision.banSeconds());
        assertEquals("rule 'lab-only' (enforce): ban 600s; because method exact 'MESSAGE', source not_cidr [127.0.0.0/24]",
                decision.rule().explain());
    }

    @Test
    void messageFromTheLabFallsToTheDefault() {
        Decision decision = evaluator.evaluate(PolicyInput.builder().method("MESSAGE").source(ip("127.0.0.9")).build());
        assertEquals(Verdict.ALLOW, decision.verdict());
        assertEquals("default", decision.ruleId());
        assertEquals(Optional.empty(), decision.monitor());
    }

    @Test
    void hitCountersCountEveryMatchPerRule() {
        evaluator.evaluate(PolicyInput.builder().ruriUser("900123").userAgent("probe").build());
        evaluator.evaluate(PolicyInput.builder().method("REGISTER").build());
        assertEquals("{no-premium=1, scanner-watch=0, lab-only=0, default=1}", evaluator.hits().toString());
    }
}

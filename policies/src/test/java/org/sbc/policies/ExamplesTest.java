package org.sbc.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sbc.policies.Policies.ip;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policies in examples/policies/ load without warnings and decide as their comments say. */
class ExamplesTest {

    private static PolicyEvaluator example(String name) throws PolicyException {
        LoadedPolicy loaded = PolicyLoader.load(Path.of("..", "examples", "policies", name));
        assertEquals(List.of(), loaded.warnings());
        return PolicyEvaluator.of(loaded.policy());
    }

    private static PolicyInput.Builder registeredCall(String dialled) {
        return PolicyInput.builder().method("INVITE").registered(true).fromUser("alice").ruriUser(dialled);
    }

    @Test
    void remoteWorkersAllowsNationalCallsOfRegisteredPhones() throws Exception {
        PolicyEvaluator policy = example("remote-workers.yaml");
        Decision decision = policy.evaluate(registeredCall("0301234567").build());
        assertEquals(Verdict.ALLOW, decision.verdict());
        assertEquals("default", decision.ruleId());
    }

    @Test
    void remoteWorkersRefusesCallsFromUnregisteredSources() throws Exception {
        Decision decision = example("remote-workers.yaml")
                .evaluate(PolicyInput.builder().method("INVITE").ruriUser("0301234567").build());
        assertEquals(Verdict.REJECT, decision.verdict());
        assertEquals(403, decision.code());
        assertEquals("registered-only", decision.ruleId());
    }

    @Test
    void remoteWorkersBarsPremiumNumbersHoweverTheyAreDialled() throws Exception {
        PolicyEvaluator policy = example("remote-workers.yaml");
        for (String dialled : List.of("0900123456", "0049900123456", "+49 900 123456", "0019005551234")) {
            Decision decision = policy.evaluate(registeredCall(dialled).build());
            assertEquals("no-premium", decision.ruleId(), dialled);
            assertEquals("Premium numbers barred", decision.reason());
        }
        assertEquals(List.of("method exact 'INVITE'", "ruri_e164 prefix '+49900' (list premium)"),
                policy.evaluate(registeredCall("0900123").build()).rule().conditions());
    }

    @Test
    void remoteWorkersAllowsOnlyTheSisterOfficesAbroadAndTagsThoseCalls() throws Exception {
        PolicyEvaluator policy = example("remote-workers.yaml");
        Decision vienna = policy.evaluate(registeredCall("0043153456").build());
        assertEquals(Verdict.ALLOW, vienna.verdict());
        assertEquals(Map.of("call_class", List.of("international")), vienna.tags());
        assertEquals(List.of("mark-international"), vienna.applied().stream().map(RuleHit::ruleId).toList());

        Decision london = policy.evaluate(registeredCall("0044201234567").build());
        assertEquals("no-international", london.ruleId());
        assertEquals("International calls barred", london.reason());
    }

    @Test
    void remoteWorkersBansScannersByUserAgent() throws Exception {
        Decision decision = example("remote-workers.yaml").evaluate(PolicyInput.builder().method("REGISTER")
                .userAgent("friendly-scanner").source(ip("198.51.100.9")).build());
        assertEquals(Verdict.BAN, decision.verdict());
        assertEquals(3600, decision.banSeconds());
        assertEquals("rule 'scanner-ua' (enforce): ban 3600s; because user_agent regex"
                + " '(?i)(friendly-scanner|sipvicious|sipcli|pplsip|sundayddr)'", decision.rule().explain());
    }

    @Test
    void remoteWorkersLimitsRegistrationsPerSource() throws Exception {
        PolicyEvaluator policy = example("remote-workers.yaml");
        PolicyInput register = PolicyInput.builder().method("REGISTER").source(ip("198.51.100.10")).build();
        for (int i = 0; i < 6; i++) {
            assertEquals("register", policy.evaluate(register).ruleId());
        }
        Decision seventh = policy.evaluate(register);
        assertEquals(Verdict.REJECT, seventh.verdict());
        assertEquals(503, seventh.code());
        assertEquals("register-rate", seventh.ruleId());
        assertEquals("over rate_limit 6 per 60s per source, burst 6", seventh.rule().conditions().get(1));
        // Another source has its own bucket.
        assertEquals("register", policy.evaluate(PolicyInput.builder().method("REGISTER")
                .source(ip("198.51.100.11")).build()).ruleId());
    }

    @Test
    void remoteWorkersLimitsCallsPerUser() throws Exception {
        PolicyEvaluator policy = example("remote-workers.yaml");
        for (int i = 0; i < 5; i++) {
            assertEquals(Verdict.ALLOW, policy.evaluate(registeredCall("030123").build()).verdict());
        }
        assertEquals("calls-per-user", policy.evaluate(registeredCall("030123").build()).ruleId());
        assertEquals(Verdict.ALLOW, policy.evaluate(registeredCall("030123").fromUser("bob").build()).verdict());
    }

    private static PolicyInput.Builder fromCarrier(String dialled) {
        return PolicyInput.builder().method("INVITE").source(ip("203.0.113.5")).trunk("carrier").ruriUser(dialled);
    }

    @Test
    void trunkOnlyDropsEveryoneButTheCarrier() throws Exception {
        PolicyEvaluator policy = example("trunk-only.yaml");
        Decision stranger = policy.evaluate(fromCarrier("+4930123100").source(ip("203.0.113.16")).build());
        assertEquals(Verdict.DROP, stranger.verdict());
        assertEquals("not-carrier", stranger.ruleId());
        assertEquals(Verdict.DROP, policy.evaluate(fromCarrier("+4930123100").source(ip("2001:db8:101::1")).build())
                .verdict());
        assertEquals(Verdict.ALLOW, policy.evaluate(fromCarrier("+4930123100").source(ip("2001:db8:100::1")).build())
                .verdict());
    }

    @Test
    void trunkOnlyAdmitsCallsToOurNumberBlockOnly() throws Exception {
        PolicyEvaluator policy = example("trunk-only.yaml");
        Decision ours = policy.evaluate(fromCarrier("004930123999").build());
        assertEquals("our-numbers", ours.ruleId());
        assertEquals(List.of("method exact 'INVITE'", "ruri_e164 range 4930123000-4930123999"), ours.rule().conditions());
        Decision theirs = policy.evaluate(fromCarrier("+4930124000").build());
        assertEquals(Verdict.REJECT, theirs.verdict());
        assertEquals(404, theirs.code());
        assertEquals("Not Found", theirs.reason());
        assertEquals(Verdict.ALLOW, policy.evaluate(fromCarrier("x").method("BYE").build()).verdict());
        Decision subscribe = policy.evaluate(fromCarrier("x").method("SUBSCRIBE").build());
        assertEquals(405, subscribe.code());
        assertEquals("default", subscribe.ruleId());
    }

    @Test
    void trunkOnlyLimitsCallsPerSecondPerTrunk() throws Exception {
        PolicyEvaluator policy = example("trunk-only.yaml");
        int admitted = 0;
        for (int i = 0; i < 15; i++) {
            if (policy.evaluate(fromCarrier("+4930123100").build()).verdict() == Verdict.ALLOW) {
                admitted++;
            }
        }
        // 10 in the burst; a refill may add one if the loop crosses a 100 ms boundary.
        assertEquals(true, admitted >= 10 && admitted <= 11, "admitted " + admitted);
        assertEquals("cps-per-trunk", policy.evaluate(fromCarrier("+4930123100").build()).ruleId());
    }

    private static PolicyInput.Builder callAt(String dialled, String isoTime) {
        return PolicyInput.builder().method("INVITE").ruriUser(dialled).time(Instant.parse(isoTime));
    }

    @Test
    void officeHoursAllowsInternationalCallsOnWorkdaysOnly() throws Exception {
        PolicyEvaluator policy = example("office-hours.yaml");
        // Tuesday 2025-07-01 09:30 in London is 08:30 UTC (BST).
        assertEquals(Verdict.ALLOW, policy.evaluate(callAt("0033142000000", "2025-07-01T08:30:00Z").build()).verdict());
        // Tuesday 18:30 London.
        Decision evening = policy.evaluate(callAt("0033142000000", "2025-07-01T17:30:00Z").build());
        assertEquals("international-after-hours", evening.ruleId());
        assertEquals("Outside office hours", evening.reason());
        // National calls are fine at any time.
        assertEquals(Verdict.ALLOW, policy.evaluate(callAt("02071234567", "2025-07-01T17:30:00Z").build()).verdict());
        // Emergency numbers at any time.
        assertEquals("emergency", policy.evaluate(callAt("999", "2025-07-05T23:00:00Z").build()).ruleId());
    }

    @Test
    void officeHoursWeekendRuleOnlyWatches() throws Exception {
        PolicyEvaluator policy = example("office-hours.yaml");
        // Saturday 2025-07-05 11:00 London: the monitor rule matches, the call goes through.
        Decision decision = policy.evaluate(callAt("02071234567", "2025-07-05T10:00:00Z").build());
        assertEquals(Verdict.ALLOW, decision.verdict());
        assertEquals(Optional.of("weekend-watch"), decision.monitor());
    }

    @Test
    void officeHoursSendsNightCallsFromInsideToTheNightCarrier() throws Exception {
        PolicyEvaluator policy = example("office-hours.yaml");
        Decision night = policy.evaluate(callAt("02071234567", "2025-07-01T22:00:00Z").side(Side.INSIDE).build());
        assertEquals(Verdict.ALLOW, night.verdict());
        assertEquals(Optional.of("night-carrier"), night.trunk());
        assertEquals(List.of(new HeaderEdit.Set("X-Route-Reason", "night")), night.headerEdits());
        assertEquals(Map.of("route", List.of("night")), night.tags());
        Decision day = policy.evaluate(callAt("02071234567", "2025-07-01T10:00:00Z").side(Side.INSIDE).build());
        assertEquals(Optional.empty(), day.trunk());
    }
}

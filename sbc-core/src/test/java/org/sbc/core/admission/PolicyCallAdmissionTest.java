package org.sbc.core.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.edge.policy.ActivePolicy;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.ManualClock;
import org.sbc.core.testing.RecordingEvents;
import org.sbc.core.testing.TestPeers;
import org.sbc.policies.PolicyLoader;

/** Call admission and fraud limits from a policy, as the B2BUA asks for them. */
class PolicyCallAdmissionTest {

    private static final InetAddress PHONE = TestPeers.ip("198.51.100.20");
    private static final InetAddress CARRIER = TestPeers.ip("203.0.113.5");

    private final Counters counters = new Counters();
    private final RecordingEvents events = new RecordingEvents();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));

    private PolicyCallAdmission admission(String limits) throws Exception {
        ActivePolicy policy = new ActivePolicy(List.of(), PolicyLoader.parse("t.yaml", """
                numbering: { country_code: "49", national_prefix: "0", international_prefix: "00" }
                rules: []
                default: allow
                """ + limits), counters);
        return new PolicyCallAdmission(policy, Map.of(CARRIER, "carrier"), counters, events, clock);
    }

    private static Optional<CallAdmission.Refusal> call(PolicyCallAdmission admission, String key, InetAddress source,
            String user, String dialled) {
        return admission.admit(key, true, source, Optional.empty(), Optional.empty(), user, dialled);
    }

    @Test
    void refusesTheCallOverATrunksConcurrentLimitWith503UntilOneEnds() throws Exception {
        PolicyCallAdmission admission = admission("""
                admission:
                  - { id: carrier-cac, key: trunk, concurrent: 2 }
                """);

        assertEquals(Optional.empty(), call(admission, "c1", CARRIER, "a", "0301"));
        assertEquals(Optional.empty(), call(admission, "c2", CARRIER, "b", "0302"));
        Optional<CallAdmission.Refusal> third = call(admission, "c3", CARRIER, "c", "0303");
        assertEquals(Optional.of(new CallAdmission.Refusal(503, "Service Unavailable", "carrier-cac")), third);
        assertEquals(Optional.empty(), call(admission, "p1", PHONE, "a", "0301"), "not the trunk: not limited");
        assertEquals(1, counters.get(Counter.ADMISSION_REFUSED));
        assertEquals("carrier-cac", events.events().get(0).reason());

        admission.release("c1", 10_000);
        assertEquals(Optional.empty(), call(admission, "c4", CARRIER, "d", "0304"));
        List.of("c2", "c4", "p1").forEach(key -> admission.release(key, -1));
        assertEquals(0, admission.callsTracked());
    }

    @Test
    void limitsCallsPerSecondPerDestinationPrefixWithTheConfiguredCode() throws Exception {
        PolicyCallAdmission admission = admission("""
                admission:
                  - { id: to-berlin, key: destination_prefix, digits: 4, per_second: 1, reject: 403 }
                """);

        assertEquals(Optional.empty(), call(admission, "c1", PHONE, "a", "0301234"));
        assertEquals(403, call(admission, "c2", PHONE, "a", "+49305555").orElseThrow().code(), "the same +4930 prefix");
        assertEquals(Optional.empty(), call(admission, "c3", PHONE, "a", "0891234"), "another prefix");
    }

    @Test
    void blocksAUserAtTheCallsPerMinuteLevelUntilResetOrTheMinutePasses() throws Exception {
        PolicyCallAdmission admission = admission("""
                fraud:
                  - { id: user-fraud, key: user, calls_per_minute: { warn: 2, block: 3 } }
                """);

        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), call(admission, "c" + i, PHONE, "alice", "0301"));
            admission.release("c" + i, 1_000);
        }
        assertEquals(new CallAdmission.Refusal(403, "Forbidden", "user-fraud"),
                call(admission, "c3", PHONE, "alice", "0301").orElseThrow());
        assertEquals(Optional.empty(), call(admission, "b1", PHONE, "bob", "0301"), "another user");
        assertEquals(Optional.of("calls_per_minute"), admission.fraudAccounts().stream()
                .filter(a -> a.subject().equals("alice")).findFirst().orElseThrow().blockedBy());
        assertEquals(1, counters.get(Counter.FRAUD_WARNINGS));
        assertEquals(1, counters.get(Counter.FRAUD_BLOCK_LEVELS_REACHED));
        SecurityEvent warning = events.events().get(0);
        assertEquals(SecurityEventType.FRAUD_WARNING, warning.type());
        assertEquals("monitor", warning.mode());
        assertEquals("calls_per_minute", warning.details().get("measure"));
        assertEquals(List.of(SecurityEventType.FRAUD_WARNING, SecurityEventType.FRAUD_BLOCK, SecurityEventType.POLICY_DENY),
                events.events().stream().map(SecurityEvent::type).toList(), "warned, blocked, then a call refused");

        assertEquals(1, admission.resetFraud("alice"));
        assertEquals(SecurityEventType.FRAUD_RESET, events.events().get(3).type());
        assertEquals("alice", events.events().get(3).details().get("subject"));
        assertEquals(Optional.empty(), call(admission, "c4", PHONE, "alice", "0301"));
        admission.release("c4", 0);
        call(admission, "c5", PHONE, "alice", "0301");
        call(admission, "c6", PHONE, "alice", "0301");
        assertTrue(call(admission, "c7", PHONE, "alice", "0301").isPresent());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Optional.empty(), call(admission, "c8", PHONE, "alice", "0301"), "the window passed");
    }

    @Test
    void countsTheAuthenticatedUserWhateverFromUserItWrites() throws Exception {
        PolicyCallAdmission admission = admission("""
                fraud:
                  - { id: user-fraud, key: user, calls_per_minute: { block: 2 } }
                """);

        assertEquals(Optional.empty(), admission.admit("c1", true, PHONE, Optional.empty(), Optional.of("alice"), "alice", "0301"));
        assertEquals(Optional.empty(), admission.admit("c2", true, PHONE, Optional.empty(), Optional.of("alice"), "carol", "0301"));
        assertEquals(new CallAdmission.Refusal(403, "Forbidden", "user-fraud"),
                admission.admit("c3", true, PHONE, Optional.empty(), Optional.of("alice"), "dave", "0301").orElseThrow(),
                "a new From user does not lift alice's block");
        assertEquals(Optional.empty(), call(admission, "c4", PHONE, "carol", "0301"), "unauthenticated: the From user");
        assertEquals(List.of("alice 2", "carol 1"), admission.fraudAccounts().stream()
                .map(account -> account.subject() + " " + account.callsThisMinute()).sorted().toList());
    }

    @Test
    void countsInternationalAndHighCostMinutesWhenCallsEnd() throws Exception {
        PolicyCallAdmission admission = admission("""
                fraud:
                  - id: minutes
                    international_minutes_per_day: { block: 10 }
                    high_cost_minutes_per_day: { warn: 1, block: 2 }
                    high_cost_prefixes: ["+49900"]
                """);

        assertEquals(Optional.empty(), call(admission, "i1", PHONE, "alice", "00431234"));
        admission.release("i1", Duration.ofMinutes(9).toMillis());
        assertEquals(Optional.empty(), call(admission, "n1", PHONE, "alice", "0301234"));
        admission.release("n1", Duration.ofMinutes(30).toMillis()); // national: not counted
        assertEquals(Optional.empty(), call(admission, "i2", PHONE, "alice", "00431234"));
        admission.release("i2", Duration.ofMinutes(1).toMillis());
        assertEquals("minutes", call(admission, "i3", PHONE, "alice", "0301234").orElseThrow().limitId());

        assertEquals(Optional.empty(), call(admission, "h1", PHONE, "bob", "0900123"));
        admission.release("h1", Duration.ofMinutes(2).toMillis());
        assertTrue(call(admission, "h2", PHONE, "bob", "0301").isPresent());
    }

    @Test
    void admitsEverythingFromTheInsideAndEveryRetransmissionOnce() throws Exception {
        PolicyCallAdmission admission = admission("""
                admission:
                  - { id: one, key: source, concurrent: 1 }
                """);

        assertEquals(Optional.empty(), admission.admit("x", false, PHONE, Optional.empty(), Optional.empty(), "a", "1"));
        assertEquals(Optional.empty(), call(admission, "c1", PHONE, "a", "1"));
        assertEquals(Optional.empty(), call(admission, "c1", PHONE, "a", "1"), "the same call again");
        admission.release("c1", 0);
        admission.release("c1", 0);
        assertEquals(0, admission.callsTracked());
        assertEquals(Optional.empty(), call(admission, "c2", PHONE, "a", "1"));
    }

    @Test
    void takesBackTheCallCountsOfAnInviteThePbxChallengedOnceEvenIfToldTwice() throws Exception {
        PolicyCallAdmission admission = admission("""
                fraud:
                  - { id: user-fraud, key: user, calls_per_minute: { block: 2 }, calls_per_hour: { block: 10 } }
                """);

        // Pass-through auth: the INVITE without credentials counts its From user until the PBX's 407.
        assertEquals(Optional.empty(), call(admission, "c1", PHONE, "alice", "0301"));
        admission.challenged("c1");
        admission.challenged("c1");
        admission.release("c1", -1);
        assertEquals(Optional.empty(), admission.admit("c1", true, PHONE, Optional.empty(), Optional.of("alice"), "alice", "0301"));
        admission.release("c1", 1_000);
        assertEquals(Optional.empty(), admission.admit("c2", true, PHONE, Optional.empty(), Optional.of("alice"), "alice", "0301"),
                "alice's second call: the challenged INVITE was no call");
        admission.challenged("unknown");

        assertEquals(List.of("alice 2 2"), admission.fraudAccounts().stream()
                .map(account -> account.subject() + " " + account.callsThisMinute() + " " + account.callsThisHour()).toList());
    }
}

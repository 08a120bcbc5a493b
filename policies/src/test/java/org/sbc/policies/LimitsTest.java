package org.sbc.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code admission:} and {@code fraud:} sections: read into records, every mistake positioned. */
class LimitsTest {

    @Test
    void readsAdmissionAndFraudLimitsWithTheirDefaults() {
        Policy policy = Policies.loaded("""
                lists: { premium: ["+49900", "+49137"] }
                admission:
                  - { id: carrier-cac, key: trunk, concurrent: 30, per_second: 10 }
                  - { id: to-berlin, key: destination_prefix, digits: 4, per_second: 2, reject: 403 }
                fraud:
                  - id: users
                    calls_per_minute: { warn: 5, block: 10 }
                    high_cost_minutes_per_day: { block: 20 }
                    high_cost_prefixes: [$premium, "+1900"]
                rules: []
                default: allow
                """).policy();

        assertEquals(List.of(new Admission("carrier-cac", RateLimit.Key.TRUNK, 0, 30, 10, 503),
                new Admission("to-berlin", RateLimit.Key.DESTINATION_PREFIX, 4, 0, 2, 403)), policy.admission());
        FraudLimit users = policy.fraud().get(0);
        assertEquals(RateLimit.Key.USER, users.key());
        assertEquals(new FraudLimit.Level(5, 10), users.callsPerMinute());
        assertEquals(FraudLimit.Level.NONE, users.callsPerHour());
        assertEquals(List.of("+49900", "+49137", "+1900"), users.highCostPrefixes());
    }

    @Test
    void reportsEveryMistakeAtItsPosition() {
        assertEquals(List.of(
                "p.yaml:2:5: admission[0]: no limit (expected: concurrent, per_second or both)",
                "p.yaml:2:26: admission[0].conurrent: unknown key 'conurrent' (did you mean 'concurrent'?)",
                "p.yaml:3:5: admission[1]: digits 0 (expected: digits exactly when key is destination_prefix)",
                "p.yaml:4:22: admission[2].reject: 404 (expected: 503 or 403)",
                "p.yaml:6:37: fraud[0].concurrent: warn 3, block 2 (expected: warn below block)",
                "p.yaml:7:11: fraud[1].id: duplicate limit id 'f' (expected: unique)",
                "p.yaml:7:41: fraud[1].high_cost_minutes_per_day: no high_cost_prefixes (expected: the E.164 prefixes"
                        + " whose minutes count)"),
                Policies.problems("""
                        admission:
                          - { id: a, key: trunk, conurrent: 3 }
                          - { id: b, key: destination_prefix, per_second: 1 }
                          - { id: c, reject: 404, key: user, concurrent: 1 }
                        fraud:
                          - { id: f, key: user, concurrent: { warn: 3, block: 2 } }
                          - { id: f, high_cost_minutes_per_day: { block: 2 } }
                        rules: []
                        default: allow
                        """));
    }
}

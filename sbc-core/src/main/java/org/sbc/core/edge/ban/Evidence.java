package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * Why a step asks for a ban, in our own words and numbers: the step, the rule or threshold that
 * was crossed, the counter values, and when the evidence was first and last seen. Never
 * attacker-supplied text.
 */
public record Evidence(String step, String rule, Map<String, Long> counters, Instant firstSeen, Instant lastSeen) {

    public Evidence {
        requireNonNull(step, "step");
        requireNonNull(rule, "rule");
        counters = Map.copyOf(counters);
        requireNonNull(firstSeen, "firstSeen");
        requireNonNull(lastSeen, "lastSeen");
    }
}

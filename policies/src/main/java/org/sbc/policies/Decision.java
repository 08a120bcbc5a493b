package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The outcome of one evaluation, and its explanation.
 *
 * @param verdict what happens to the request
 * @param code for a reject: the response code
 * @param reason for a reject: the reason phrase
 * @param banSeconds for a ban: its length
 * @param trunk for a route: the trunk
 * @param rule the enforce-mode rule that decided, or the default
 * @param monitored monitor-mode rules that matched on the way (they changed nothing)
 * @param applied enforce-mode rules without a verdict whose tags and header edits were applied
 * @param headerEdits every header edit to apply, in rule order
 * @param tags labels added by the rules, for events and call records
 */
public record Decision(Verdict verdict, int code, String reason, long banSeconds, Optional<String> trunk,
        RuleHit rule, List<RuleHit> monitored, List<RuleHit> applied, List<HeaderEdit> headerEdits,
        Map<String, List<String>> tags) {

    public Decision {
        requireNonNull(verdict, "verdict");
        requireNonNull(reason, "reason");
        requireNonNull(trunk, "trunk");
        requireNonNull(rule, "rule");
        monitored = List.copyOf(monitored);
        applied = List.copyOf(applied);
        headerEdits = List.copyOf(headerEdits);
        tags = Map.copyOf(tags);
    }

    /** The id of the deciding rule, or {@code default}. */
    public String ruleId() {
        return rule.ruleId();
    }

    /** The first monitor-mode rule that matched: what the contract's {@code monitor} field names. */
    public Optional<String> monitor() {
        return monitored.stream().findFirst().map(RuleHit::ruleId);
    }

    /** The whole story, one line per rule: the decider first, then the monitor and modifying rules. */
    public String explain() {
        return Stream.concat(Stream.of(rule), Stream.concat(applied.stream(), monitored.stream()))
                .map(RuleHit::explain)
                .collect(Collectors.joining("\n"));
    }
}

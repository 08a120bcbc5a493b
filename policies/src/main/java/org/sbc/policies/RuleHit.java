package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A rule that matched a request, with why: the conditions that held, as written (never the
 * request's own values, which are attacker-controlled). This is what reaches security events,
 * ban reasons and the per-rule hit counters.
 *
 * @param ruleId the rule's id, or {@code default}
 * @param mode whether the rule acted or only recorded
 * @param action what the rule does (for a monitor rule: what it would have done)
 * @param conditions what held, e.g. {@code ruri_user prefix '900' (list premium)}
 */
public record RuleHit(String ruleId, Mode mode, Action action, List<String> conditions) {

    public static final String DEFAULT_ID = "default";

    public RuleHit {
        requireNonNull(ruleId, "ruleId");
        requireNonNull(mode, "mode");
        requireNonNull(action, "action");
        conditions = List.copyOf(conditions);
    }

    /** {@code rule 'no-premium' (enforce): reject 403 Forbidden; because method exact 'INVITE', ...}. */
    public String explain() {
        String because = conditions.isEmpty()
                ? (ruleId.equals(DEFAULT_ID) ? "no rule matched" : "it matches every request")
                : String.join(", ", conditions);
        return "rule '" + ruleId + "' (" + mode.name().toLowerCase(java.util.Locale.ROOT) + "): "
                + action.describe() + "; because " + because;
    }
}

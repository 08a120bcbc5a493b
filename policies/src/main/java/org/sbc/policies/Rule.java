package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.sbc.policies.internal.Condition;
import org.sbc.policies.internal.Facts;

/**
 * One rule: every condition must hold (an empty list matches every request), then the action.
 *
 * @param id unique across all the policy's files
 * @param mode enforce, or monitor (records what it would have done)
 * @param conditions what must hold
 * @param action what happens
 * @param file the file the rule came from, for messages
 * @param line the line of the rule's first key
 */
public record Rule(String id, Mode mode, List<Condition> conditions, Action action, String file, int line) {

    public Rule {
        requireNonNull(id, "id");
        requireNonNull(mode, "mode");
        conditions = List.copyOf(conditions);
        requireNonNull(action, "action");
        requireNonNull(file, "file");
    }

    boolean test(Facts facts) {
        for (int i = 0; i < conditions.size(); i++) {
            if (!conditions.get(i).test(facts)) {
                return false;
            }
        }
        return true;
    }

    RuleHit hit(Facts facts, List<String> extra) {
        List<String> why = new java.util.ArrayList<>(conditions.size() + extra.size());
        conditions.forEach(c -> why.add(c.explain(facts)));
        why.addAll(extra);
        return new RuleHit(id, mode, action, why);
    }
}

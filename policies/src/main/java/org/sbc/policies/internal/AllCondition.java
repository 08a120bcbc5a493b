package org.sbc.policies.internal;

import java.util.List;
import java.util.stream.Collectors;

/** Holds when every condition holds; what a {@code not} over several fields negates. */
public record AllCondition(List<Condition> conditions) implements Condition {

    public AllCondition {
        conditions = List.copyOf(conditions);
    }

    @Override
    public boolean test(Facts facts) {
        for (int i = 0; i < conditions.size(); i++) {
            if (!conditions.get(i).test(facts)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String describe() {
        return conditions.stream().map(Condition::describe).collect(Collectors.joining(" and "));
    }
}

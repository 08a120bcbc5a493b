package org.sbc.policies.internal;

/** Holds when the inner condition does not. */
public record NotCondition(Condition inner) implements Condition {

    @Override
    public boolean test(Facts facts) {
        return !inner.test(facts);
    }

    @Override
    public String describe() {
        return "not (" + inner.describe() + ")";
    }
}

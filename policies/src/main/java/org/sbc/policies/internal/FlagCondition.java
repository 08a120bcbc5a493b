package org.sbc.policies.internal;

/** A yes/no fact: {@code registered}, {@code trusted}, {@code authenticated}. */
public record FlagCondition(Field field, boolean expected) implements Condition {

    @Override
    public boolean test(Facts facts) {
        return facts.flag(field) == expected;
    }

    @Override
    public String describe() {
        return field.key() + " " + expected;
    }
}

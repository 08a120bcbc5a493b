package org.sbc.policies.internal;

/**
 * One test on a request. Conditions are values: two conditions written the same way are equal,
 * which is how an unreachable rule is found (its conditions include all of an earlier rule's).
 */
public sealed interface Condition permits TextCondition, SourceCondition, FlagCondition, TimeCondition,
        NotCondition, AllCondition {

    boolean test(Facts facts);

    /** The condition as written, e.g. {@code ruri_user prefix ['900', '+1900']}. */
    String describe();

    /**
     * What made the condition hold for these facts, e.g. {@code ruri_user prefix '900'}; called
     * only when {@link #test} returned true. Never echoes request values: they are
     * attacker-controlled, and the explanation reaches logs and ban reasons.
     */
    default String explain(Facts facts) {
        return describe();
    }
}

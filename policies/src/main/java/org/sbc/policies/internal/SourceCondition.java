package org.sbc.policies.internal;

import org.sbc.feeds.CidrSet;

/** The source address is in (or, negated, outside) a set of networks. */
public record SourceCondition(CidrSet networks, boolean negated) implements Condition {

    @Override
    public boolean test(Facts facts) {
        return networks.contains(facts.input().source()) != negated;
    }

    @Override
    public String describe() {
        return "source " + (negated ? "not_cidr " : "cidr ") + networks;
    }

    @Override
    public String explain(Facts facts) {
        return networks.longestMatch(facts.input().source()).map(matched -> "source cidr " + matched).orElse(describe());
    }
}

package org.sbc.policies.internal;

/** The source address is in (or, negated, outside) a set of networks. */
public record SourceCondition(IpSet networks, boolean negated) implements Condition {

    @Override
    public boolean test(Facts facts) {
        return (networks.find(facts.input().source()) != null) != negated;
    }

    @Override
    public String describe() {
        return "source " + (negated ? "not_cidr " : "cidr ") + networks;
    }

    @Override
    public String explain(Facts facts) {
        IpNetwork matched = networks.find(facts.input().source());
        return matched == null ? describe() : "source cidr " + matched;
    }
}

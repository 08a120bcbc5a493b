package org.sbc.policies.internal;

import java.util.List;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;
import org.sbc.policies.Mode;
import org.sbc.policies.Rule;

/**
 * Finds rules that can never decide because an earlier rule matches every request they match.
 * Sound but incomplete: a reported rule is certainly unreachable; some unreachable rules (say,
 * shadowed by two earlier rules together) are not found. Warnings, not errors: an operator may
 * keep a rule on purpose while rolling out.
 */
public final class Shadowing {

    private Shadowing() {}

    /** Whether {@code earlier} stops evaluation for every request that {@code later} matches. */
    public static boolean shadows(Rule earlier, Rule later) {
        // A monitor rule, a rule without a verdict and a rate limit let evaluation go on.
        if (earlier.mode() != Mode.ENFORCE || !earlier.action().isTerminal()) {
            return false;
        }
        for (Condition needed : earlier.conditions()) {
            if (later.conditions().stream().noneMatch(held -> implies(held, needed))) {
                return false;
            }
        }
        return true;
    }

    /** Whether every request meeting {@code held} also meets {@code needed}. */
    static boolean implies(Condition held, Condition needed) {
        if (held.equals(needed)) {
            return true;
        }
        if (held instanceof TextCondition h && needed instanceof TextCondition n
                && h.field() == n.field() && java.util.Objects.equals(h.name(), n.name())) {
            if (h.matcher() instanceof TextMatcher.Exact he && n.matcher() instanceof TextMatcher.Exact ne) {
                return ne.values().containsAll(he.values());
            }
            if (h.matcher() instanceof TextMatcher.Prefix hp && n.matcher() instanceof TextMatcher.Prefix np) {
                return hp.prefixes().stream().allMatch(p -> np.prefixes().stream()
                        .anyMatch(q -> p.value().startsWith(q.value())));
            }
            if (h.matcher() instanceof TextMatcher.Exact he && n.matcher() instanceof TextMatcher.Prefix np) {
                return he.values().stream().allMatch(v -> np.prefixes().stream()
                        .anyMatch(q -> v.value().startsWith(q.value())));
            }
        }
        if (held instanceof SourceCondition h && needed instanceof SourceCondition n && !h.negated() && !n.negated()) {
            return h.networks().prefixes().stream().allMatch(network -> inside(network, n.networks()));
        }
        return false;
    }

    private static boolean inside(IpPrefix network, CidrSet set) {
        return set.longestMatch(network.network()).map(found -> found.length() <= network.length()).orElse(false);
    }

    /** The first earlier rule that shadows {@code rules.get(index)}, or null. */
    public static Rule shadowOf(List<Rule> rules, int index) {
        Rule later = rules.get(index);
        int lastTagging = -1;
        for (int k = 0; k < index; k++) {
            if (!rules.get(k).action().tags().isEmpty()) {
                lastTagging = k;
            }
        }
        for (int i = 0; i < index; i++) {
            Rule earlier = rules.get(i);
            // A label tagged between the two rules is seen by the later one only: the earlier
            // rule's label conditions then prove nothing about it.
            boolean blind = lastTagging > i && earlier.conditions().stream().anyMatch(Shadowing::mentionsLabels);
            if (!blind && shadows(earlier, later)) {
                return earlier;
            }
        }
        return null;
    }

    private static boolean mentionsLabels(Condition condition) {
        if (condition instanceof TextCondition text) {
            return text.field() == Field.LABEL || text.field() == Field.COUNTRY || text.field() == Field.ASN;
        }
        if (condition instanceof NotCondition not) {
            return mentionsLabels(not.inner());
        }
        return condition instanceof AllCondition all && all.conditions().stream().anyMatch(Shadowing::mentionsLabels);
    }
}

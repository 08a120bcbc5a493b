package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sbc.policies.internal.Condition;
import org.sbc.policies.internal.Field;
import org.sbc.policies.internal.Operand;
import org.sbc.policies.internal.PrefixIndex;
import org.sbc.policies.internal.TextCondition;
import org.sbc.policies.internal.TextMatcher;

/**
 * A loaded policy: the rules of all its files in order, the default, and the numbering plan.
 * Immutable and shared: reloading builds a new one and swaps the reference. Evaluate it through a
 * {@link PolicyEvaluator}, which adds counters and rate-limit buckets.
 *
 * <p>Rules are indexed by method: a rule whose match names {@code method} values is only tried
 * for those methods, so a REGISTER never walks the INVITE rules; and by the prefix of the dialled
 * number ({@code ruri_user} or {@code ruri_e164} {@code prefix}), so an INVITE skips the prefix
 * rules it cannot match at the cost of one lookup per prefix length. The order among the rules
 * tried is the file order, so first match still wins.
 */
public final class Policy {

    /** Bounds load time, memory and the worst evaluation; generated policies stay far below. */
    public static final int MAX_RULES = 10_000;

    private final List<Rule> rules;
    private final Action defaultAction;
    private final Numbering numbering;
    private final Map<String, int[]> byMethod;
    private final int[] anyMethod;
    private final PrefixIndex prefixes;

    private final List<Admission> admission;
    private final List<FraudLimit> fraud;

    public Policy(List<Rule> rules, Action defaultAction, Numbering numbering) {
        this(rules, defaultAction, numbering, List.of(), List.of());
    }

    /** @param admission call-admission limits; @param fraud fraud limits (both enforced by the B2BUA) */
    public Policy(List<Rule> rules, Action defaultAction, Numbering numbering, List<Admission> admission,
            List<FraudLimit> fraud) {
        this.admission = List.copyOf(admission);
        this.fraud = List.copyOf(fraud);
        this.rules = List.copyOf(rules);
        this.defaultAction = requireNonNull(defaultAction, "defaultAction");
        this.numbering = requireNonNull(numbering, "numbering");
        if (rules.size() > MAX_RULES) {
            throw new IllegalArgumentException("rules: " + rules.size() + " (expected: at most " + MAX_RULES + ")");
        }
        if (!defaultAction.isTerminal()) {
            throw new IllegalArgumentException("defaultAction: " + defaultAction.describe() + " (expected: a verdict)");
        }
        List<Set<String>> methods = new ArrayList<>();
        Map<String, List<Integer>> lists = new HashMap<>();
        List<Integer> any = new ArrayList<>();
        for (Rule rule : this.rules) {
            Set<String> only = methodsOf(rule);
            methods.add(only);
            if (only != null) {
                only.forEach(m -> lists.putIfAbsent(m, new ArrayList<>()));
            }
        }
        for (int i = 0; i < this.rules.size(); i++) {
            Set<String> only = methods.get(i);
            if (only == null) {
                any.add(i);
            }
            for (Map.Entry<String, List<Integer>> entry : lists.entrySet()) {
                if (only == null || only.contains(entry.getKey())) {
                    entry.getValue().add(i);
                }
            }
        }
        Map<String, int[]> index = new HashMap<>();
        lists.forEach((method, indices) -> index.put(method, indices.stream().mapToInt(Integer::intValue).toArray()));
        this.byMethod = Map.copyOf(index);
        this.anyMethod = any.stream().mapToInt(Integer::intValue).toArray();
        this.prefixes = PrefixIndex.of(this.rules.stream().map(Rule::conditions).toList());
    }

    /** The rules a dialled-number prefix can rule out before they are tried ({@link PrefixIndex}). */
    PrefixIndex prefixes() {
        return prefixes;
    }

    /** The methods a rule is limited to by a top-level {@code method} exact condition, or null. */
    private static Set<String> methodsOf(Rule rule) {
        for (Condition condition : rule.conditions()) {
            if (condition instanceof TextCondition text && text.field() == Field.METHOD
                    && text.matcher() instanceof TextMatcher.Exact exact) {
                return Set.copyOf(exact.values().stream().map(Operand::value).toList());
            }
        }
        return null;
    }

    /** The indices of the rules that can match {@code method}, in order. */
    int[] candidates(String method) {
        int[] indices = byMethod.get(method);
        return indices != null ? indices : anyMethod;
    }

    public List<Rule> rules() {
        return rules;
    }

    public Action defaultAction() {
        return defaultAction;
    }

    public List<Admission> admission() {
        return admission;
    }

    public List<FraudLimit> fraud() {
        return fraud;
    }

    public Numbering numbering() {
        return numbering;
    }
}

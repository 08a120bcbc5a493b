package org.sbc.core.edge.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.Trunk;
import org.sbc.policies.Action;
import org.sbc.policies.Policy;
import org.sbc.policies.PolicyProblem;
import org.sbc.policies.Rule;

/**
 * The trunks a policy's {@code route} actions may name: the config's {@code trunks}. A route to a
 * trunk the config does not have is an error at load and at reload, in the rule's own file and
 * line, so a policy never routes to nowhere.
 */
public final class TrunkRoutes {

    private final Map<String, PbxTarget> targets;

    public TrunkRoutes(List<Trunk> trunks) {
        Map<String, PbxTarget> byName = new LinkedHashMap<>();
        trunks.forEach(trunk -> byName.putIfAbsent(trunk.name(), trunk.target()));
        this.targets = Map.copyOf(byName);
    }

    public Optional<PbxTarget> target(String trunk) {
        return Optional.ofNullable(targets.get(trunk));
    }

    /** Every rule (and the default) whose route names an unknown trunk. */
    public List<PolicyProblem> check(Policy policy) {
        List<PolicyProblem> problems = new ArrayList<>();
        Map<String, Integer> inFile = new LinkedHashMap<>();
        for (Rule rule : policy.rules()) {
            int index = inFile.merge(rule.file(), 1, Integer::sum) - 1;
            unknown(rule.action()).ifPresent(trunk -> problems.add(new PolicyProblem(PolicyProblem.Severity.ERROR,
                    rule.file(), rule.line(), 1, "rules[" + index + "].action.route", "unknown trunk '" + trunk
                    + "' (expected: one of the config's trunks: " + String.join(", ", targets.keySet()) + ")")));
        }
        unknown(policy.defaultAction()).ifPresent(trunk -> problems.add(new PolicyProblem(PolicyProblem.Severity.ERROR,
                policy.rules().isEmpty() ? "policy" : policy.rules().get(0).file(), 1, 1, "default.route",
                "unknown trunk '" + trunk + "' (expected: one of the config's trunks: " + String.join(", ", targets.keySet()) + ")")));
        return problems;
    }

    private Optional<String> unknown(Action action) {
        return action.trunk().filter(trunk -> !targets.containsKey(trunk));
    }
}

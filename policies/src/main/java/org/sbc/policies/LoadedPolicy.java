package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A policy that loaded, with the warnings found on the way (unreachable rules). Warnings do not
 * stop a policy: {@code check-config} prints them, a start logs them.
 */
public record LoadedPolicy(Policy policy, List<PolicyProblem> warnings) {

    public LoadedPolicy {
        requireNonNull(policy, "policy");
        warnings = List.copyOf(warnings);
    }
}

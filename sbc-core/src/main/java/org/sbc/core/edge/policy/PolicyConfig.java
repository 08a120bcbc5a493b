package org.sbc.core.edge.policy;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.sbc.policies.LoadedPolicy;

/**
 * The {@code policy:} section: the security-policy files (docs/policies.md), resolved against the
 * config file's directory, and the policy they held when the config was loaded. Loading the
 * policy with the config means {@code check-config} and the start refuse a broken policy the same
 * way, with the same file:line:column messages.
 *
 * @param files in the order they are read as one rule list; empty when no policy is configured
 * @param loaded the policy and its warnings (unreachable rules); empty exactly when {@code files} is
 */
public record PolicyConfig(List<Path> files, Optional<LoadedPolicy> loaded) {

    /** No policy: the edge runs without the policy step. */
    public static final PolicyConfig NONE = new PolicyConfig(List.of(), Optional.empty());

    public PolicyConfig {
        files = List.copyOf(files);
        requireNonNull(loaded, "loaded");
        if (files.isEmpty() != loaded.isEmpty()) {
            throw new IllegalArgumentException("loaded: " + loaded.isPresent() + " (expected: a policy exactly when files are named)");
        }
    }
}

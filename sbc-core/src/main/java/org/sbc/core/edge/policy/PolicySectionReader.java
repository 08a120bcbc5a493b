package org.sbc.core.edge.policy;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sbc.core.config.Trunk;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.policies.LoadedPolicy;
import org.sbc.policies.PolicyException;
import org.sbc.policies.PolicyLoader;
import org.sbc.policies.PolicyProblem;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code policy: { files: [...] }} and loads the files it names through the policies
 * module's {@link PolicyLoader}. Every error of a policy file becomes a config error positioned in
 * that file, so one run of {@code check-config} reports the main config and its policies together.
 */
public final class PolicySectionReader {

    public static final List<String> KEYS = List.of("files");

    private PolicySectionReader() {}

    /** @param at the {@code policy} value, where a section without files is reported */
    public static PolicyConfig read(Optional<YamlMapping> section, Optional<Node> at, ConfigErrors errors, Path baseDir) {
        if (section.isEmpty()) {
            return PolicyConfig.NONE;
        }
        YamlMapping policy = section.get();
        Optional<List<Node>> items = policy.sequence("files", PolicyLoader.MAX_FILES);
        if (items.isEmpty()) {
            if (policy.value("files").isEmpty()) {
                errors.add(at.map(Node::getStartMark).orElse(Optional.empty()), "policy",
                        "no files (expected: policy.files with at least one policy file)");
            }
            return PolicyConfig.NONE;
        }
        String path = policy.pathOf("files");
        if (items.get().isEmpty()) {
            errors.add(policy.value("files").orElseThrow(), path, "empty list (expected: at least one policy file)");
            return PolicyConfig.NONE;
        }
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < items.get().size(); i++) {
            YamlMapping.parseScalar(items.get().get(i), path + "[" + i + "]", "edge-policy.yaml",
                    text -> resolve(baseDir, text), errors).ifPresent(file -> files.add(file.value()));
        }
        if (files.size() != items.get().size()) {
            return PolicyConfig.NONE; // a bad entry is already reported; loading the rest would mislead
        }
        return load(files, errors).map(loaded -> new PolicyConfig(files, Optional.of(loaded))).orElse(PolicyConfig.NONE);
    }

    /** Loads the files; every error lands in {@code errors}, in its own file. */
    static Optional<LoadedPolicy> load(List<Path> files, ConfigErrors errors) {
        try {
            return Optional.of(PolicyLoader.load(files));
        } catch (PolicyException e) {
            for (PolicyProblem problem : e.errors()) {
                errors.addIn(problem.file(), problem.line(), problem.column(), problem.path(), problem.message());
            }
            return Optional.empty();
        }
    }

    /** A policy's routes must name the config's trunks (a cross check: it needs both sections). */
    public static void checkRoutes(PolicyConfig policy, List<Trunk> trunks, ConfigErrors errors) {
        policy.loaded().ifPresent(loaded -> new TrunkRoutes(trunks).check(loaded.policy()).forEach(problem ->
                errors.addIn(problem.file(), problem.line(), problem.column(), problem.path(), problem.message())));
    }

    private static Path resolve(Path baseDir, String text) throws InvalidValueException {
        if (text.isBlank()) {
            throw new InvalidValueException(quote(text) + " (expected: a policy file path)");
        }
        try {
            return baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidValueException("bad path " + quote(text) + " (expected: a file path)");
        }
    }
}

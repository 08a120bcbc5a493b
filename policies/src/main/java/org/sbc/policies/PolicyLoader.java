package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sbc.policies.internal.PolicyReader;
import org.sbc.policies.internal.Problems;
import org.sbc.policies.yaml.TextFile;
import org.sbc.policies.yaml.YamlSource;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads policy files into a {@link Policy}. Every problem of every file is reported at once,
 * each as {@code file:line:column: path: message (expected: ...)}; unreachable rules are
 * warnings. Loading does no I/O beyond reading the files: no DNS, no network.
 */
public final class PolicyLoader {

    /** A policy named in a config: one file or several, read in order as one rule list. */
    public static final int MAX_FILES = 64;

    /** One file's name (as messages show it) and its text. */
    public record Source(String name, String text) {
        public Source {
            requireNonNull(name, "name");
            requireNonNull(text, "text");
        }
    }

    private PolicyLoader() {}

    /** Reads the files as UTF-8; a file that cannot be read is one error at its 1:1. */
    public static LoadedPolicy load(List<Path> files) throws PolicyException {
        Problems problems = new Problems();
        List<Source> sources = new ArrayList<>();
        for (Path file : files) {
            String name = file.toString();
            problems.file(name);
            read(file, problems).ifPresent(text -> sources.add(new Source(name, text)));
        }
        problems.throwIfErrors();
        return parse(sources);
    }

    public static LoadedPolicy load(Path file) throws PolicyException {
        return load(List.of(file));
    }

    public static LoadedPolicy parse(String name, String yaml) throws PolicyException {
        return parse(List.of(new Source(name, yaml)));
    }

    public static LoadedPolicy parse(List<Source> sources) throws PolicyException {
        Problems problems = new Problems();
        if (sources.isEmpty() || sources.size() > MAX_FILES) {
            problems.error(1, 1, "", sources.size() + " policy files (expected: 1.." + MAX_FILES + ")");
            problems.throwIfErrors();
        }
        List<PolicyReader.Document> documents = new ArrayList<>();
        for (Source source : sources) {
            problems.file(source.name());
            String text = source.text().startsWith("\uFEFF") ? source.text().substring(1) : source.text();
            Optional<Node> root = YamlSource.compose(text, problems);
            if (root.isEmpty() && !problems.hasErrors()) {
                problems.error(1, 1, "", "empty file (expected: rules and a default)");
            }
            root.ifPresent(node -> documents.add(new PolicyReader.Document(source.name(), node)));
        }
        problems.throwIfErrors();
        Policy policy = new PolicyReader(problems).read(documents);
        problems.throwIfErrors();
        return new LoadedPolicy(policy, problems.warnings());
    }

    private static Optional<String> read(Path file, Problems problems) {
        return TextFile.read(file, YamlSource.MAX_CHARS, "YAML file", e -> (e instanceof NoSuchFileException
                ? "no such file" : "cannot read file: " + e.getClass().getSimpleName())
                + " (expected: a readable policy file)", problems);
    }
}

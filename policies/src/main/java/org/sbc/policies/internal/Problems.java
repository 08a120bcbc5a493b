package org.sbc.policies.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.sbc.policies.PolicyException;
import org.sbc.policies.PolicyProblem;
import org.sbc.policies.PolicyProblem.Severity;
import org.sbc.policies.yaml.YamlErrors;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects the problems of one load (all policy files together), so that a user fixes the files
 * in one pass rather than one error per run. The current file is switched as each file is read.
 * The shared YAML readers report errors here through {@link YamlErrors}; only the policy readers
 * add warnings.
 */
public final class Problems implements YamlErrors {

    /** A hostile or badly broken file could otherwise produce one problem per line. */
    public static final int MAX_PROBLEMS = 100;

    private final List<PolicyProblem> problems = new ArrayList<>();
    private String file = "";
    private int dropped;

    @Override
    public String file() {
        return file;
    }

    public void file(String file) {
        this.file = requireNonNull(file, "file");
    }

    /** A warning at the start of {@code node}: the policy still loads. */
    public void warning(Node node, String path, String message) {
        Optional<Mark> mark = node.getStartMark();
        add(Severity.WARNING, YamlErrors.line(mark), YamlErrors.column(mark), path, message);
    }

    @Override
    public void error(int line, int column, String path, String message) {
        add(Severity.ERROR, line, column, path, message);
    }

    private void add(Severity severity, int line, int column, String path, String message) {
        if (problems.size() >= MAX_PROBLEMS) {
            dropped++;
            return;
        }
        problems.add(new PolicyProblem(severity, file, line, column, path, message));
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Severity.ERROR);
    }

    /** The warnings, in file order; only meaningful once there are no errors. */
    public List<PolicyProblem> warnings() {
        return sorted().stream().filter(p -> p.severity() == Severity.WARNING).toList();
    }

    public void throwIfErrors() throws PolicyException {
        if (!hasErrors()) {
            return;
        }
        List<PolicyProblem> sorted = sorted();
        if (dropped > 0) {
            PolicyProblem last = sorted.get(sorted.size() - 1);
            sorted.add(new PolicyProblem(Severity.ERROR, last.file(), last.line(), last.column(), "",
                    dropped + " more problems not shown (expected: at most " + MAX_PROBLEMS + ")"));
        }
        throw new PolicyException(sorted);
    }

    /** File order as read (problems are added file by file), then line and column within a file. */
    private List<PolicyProblem> sorted() {
        List<String> fileOrder = new ArrayList<>();
        problems.forEach(p -> {
            if (!fileOrder.contains(p.file())) {
                fileOrder.add(p.file());
            }
        });
        List<PolicyProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.<PolicyProblem>comparingInt(p -> fileOrder.indexOf(p.file()))
                .thenComparingInt(PolicyProblem::line)
                .thenComparingInt(PolicyProblem::column));
        return sorted;
    }
}

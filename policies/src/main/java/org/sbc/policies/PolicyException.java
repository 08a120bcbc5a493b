package org.sbc.policies;

import java.util.List;
import java.util.stream.Collectors;

/** A policy that cannot be used, with every problem found in it (errors and warnings), in file order. */
public final class PolicyException extends Exception {

    private final List<PolicyProblem> problems;

    public PolicyException(List<PolicyProblem> problems) {
        super(joined(problems));
        this.problems = List.copyOf(problems);
    }

    /** Errors and, where the loader got that far, warnings, sorted by file then position. */
    public List<PolicyProblem> problems() {
        return problems;
    }

    public List<PolicyProblem> errors() {
        return problems.stream().filter(p -> p.severity() == PolicyProblem.Severity.ERROR).toList();
    }

    private static String joined(List<PolicyProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: [] (expected: at least one problem)");
        }
        return problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("\n"));
    }
}

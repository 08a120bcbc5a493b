package org.sbc.policies.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.sbc.policies.PolicyException;
import org.sbc.policies.PolicyProblem;
import org.sbc.policies.PolicyProblem.Severity;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects the problems of one load (all policy files together), so that a user fixes the files
 * in one pass rather than one error per run. The current file is switched as each file is read.
 */
public final class Problems {

    /** A hostile or badly broken file could otherwise produce one problem per line. */
    public static final int MAX_PROBLEMS = 100;

    /** Values are echoed in messages; a 1 MiB scalar must not become a 1 MiB message. */
    private static final int MAX_QUOTED_CHARS = 80;

    private final List<PolicyProblem> problems = new ArrayList<>();
    private String file = "";
    private int dropped;

    public String file() {
        return file;
    }

    public void file(String file) {
        this.file = requireNonNull(file, "file");
    }

    /** An error at the start of {@code node}; snakeyaml marks are 0-based, ours are 1-based. */
    public void error(Node node, String path, String message) {
        add(Severity.ERROR, node.getStartMark(), path, message);
    }

    public void warning(Node node, String path, String message) {
        add(Severity.WARNING, node.getStartMark(), path, message);
    }

    public void error(Optional<Mark> mark, String path, String message) {
        add(Severity.ERROR, mark, path, message);
    }

    public void error(int line, int column, String path, String message) {
        add(Severity.ERROR, line, column, path, message);
    }

    private void add(Severity severity, Optional<Mark> mark, String path, String message) {
        int line = mark.map(m -> m.getLine() + 1).orElse(1);
        int column = mark.map(m -> m.getColumn() + 1).orElse(1);
        add(severity, line, column, path, message);
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

    /**
     * A value as it may appear in a message: quoted, control characters escaped so a message
     * stays one line, long values cut.
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_QUOTED_CHARS) + 8).append('\'');
        int shown = 0;
        for (int i = 0; i < value.length(); i++) {
            if (shown == MAX_QUOTED_CHARS) {
                return out.append("...'").toString();
            }
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
            shown++;
        }
        return out.append('\'').toString();
    }
}

package org.sbc.policies.yaml;

import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Where the readers of one load put what is wrong, each error at a file, a 1-based line and
 * column, a YAML path and a message (the bad value first, then what was expected). Readers record
 * and go on, so a user fixes a file in one pass; the sink decides how many it keeps, how it sorts
 * them and what it throws. sbc-core's config errors and the policies' problems are the two sinks.
 */
public interface YamlErrors {

    /** Values are echoed in messages; a 1 MiB scalar must not become a 1 MiB message. */
    int MAX_QUOTED_CHARS = 80;

    /** The file being read, as messages name it; also the label of snakeyaml's own marks. */
    String file();

    /**
     * An error at {@code line}:{@code column} (1-based) of {@link #file()}; {@code path} is empty
     * when the problem is the file itself (too large, not YAML).
     */
    void error(int line, int column, String path, String message);

    /** An error at the start of {@code node}. */
    default void error(Node node, String path, String message) {
        error(node.getStartMark(), path, message);
    }

    /** An error at a snakeyaml mark; a value without one (an embedded default) lands at 1:1. */
    default void error(Optional<Mark> mark, String path, String message) {
        error(line(mark), column(mark), path, message);
    }

    /**
     * Refuses a position that is not 1-based, as editors count; the records an error sink keeps
     * call it so that a reader's off-by-one shows at once.
     */
    static void checkPosition(int line, int column) {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException(
                    "position: " + line + ":" + column + " (expected: 1-based line and column)");
        }
    }

    /** The 1-based line of a mark (snakeyaml's are 0-based); 1 without a mark. */
    static int line(Optional<Mark> mark) {
        return mark.map(m -> m.getLine() + 1).orElse(1);
    }

    /** The 1-based column of a mark; 1 without a mark. */
    static int column(Optional<Mark> mark) {
        return mark.map(m -> m.getColumn() + 1).orElse(1);
    }

    /**
     * A value as it may appear in a message: quoted, control characters escaped so a message
     * stays one line, long values cut.
     */
    static String quote(String value) {
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

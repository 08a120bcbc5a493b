package org.sbc.core.edge;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.sbc.core.codec.HeaderField;
import org.sbc.core.metrics.Counter;

/**
 * What an edge step decided about one message, and the counter that records it.
 *
 * @param headers added to the answer: what the decision itself produced (a digest challenge
 *     with its fresh nonce), which a later {@code decorate} could not recompute
 */
public record Verdict(Action action, int status, String reasonPhrase, Counter counter, List<HeaderField> headers) {

    public enum Action {
        PASS, ANSWER, DROP;

        /** The {@code verdict} label of {@code sbc_edge_verdicts_total}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Verdict PASS = new Verdict(Action.PASS, 0, "", null);

    public Verdict {
        requireNonNull(action, "action");
        requireNonNull(reasonPhrase, "reasonPhrase");
        headers = List.copyOf(headers);
        if (action != Action.PASS) {
            requireNonNull(counter, "counter");
        }
        if (action == Action.ANSWER && (status < 200 || status > 699)) {
            throw new IllegalArgumentException("status: " + status + " (expected: 200..699)");
        }
        if (action != Action.ANSWER && !headers.isEmpty()) {
            throw new IllegalArgumentException("headers: " + headers.size() + " (expected: none unless answering)");
        }
    }

    public Verdict(Action action, int status, String reasonPhrase, Counter counter) {
        this(action, status, reasonPhrase, counter, List.of());
    }

    public static Verdict pass() {
        return PASS;
    }

    public static Verdict answer(int status, String reasonPhrase, Counter counter) {
        return new Verdict(Action.ANSWER, status, reasonPhrase, counter);
    }

    /** An answer that carries {@code headers}, e.g. WWW-Authenticate. */
    public static Verdict answer(int status, String reasonPhrase, Counter counter, List<HeaderField> headers) {
        return new Verdict(Action.ANSWER, status, reasonPhrase, counter, headers);
    }

    public static Verdict drop(Counter counter) {
        return new Verdict(Action.DROP, 0, "", counter);
    }
}

package org.sbc.core.edge;

import static java.util.Objects.requireNonNull;

import org.sbc.core.metrics.Counter;

/** What an edge step decided about one message, and the counter that records it. */
public record Verdict(Action action, int status, String reasonPhrase, Counter counter) {

    public enum Action { PASS, ANSWER, DROP }

    private static final Verdict PASS = new Verdict(Action.PASS, 0, "", null);

    public Verdict {
        requireNonNull(action, "action");
        requireNonNull(reasonPhrase, "reasonPhrase");
        if (action != Action.PASS) {
            requireNonNull(counter, "counter");
        }
        if (action == Action.ANSWER && (status < 200 || status > 699)) {
            throw new IllegalArgumentException("status: " + status + " (expected: 200..699)");
        }
    }

    public static Verdict pass() {
        return PASS;
    }

    public static Verdict answer(int status, String reasonPhrase, Counter counter) {
        return new Verdict(Action.ANSWER, status, reasonPhrase, counter);
    }

    public static Verdict drop(Counter counter) {
        return new Verdict(Action.DROP, 0, "", counter);
    }
}

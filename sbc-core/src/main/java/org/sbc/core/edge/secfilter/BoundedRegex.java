package org.sbc.core.edge.secfilter;

import java.util.regex.Pattern;

/**
 * Runs a configured regex over attacker text with two bounds: the text is cut to
 * {@link #MAX_INPUT_CHARS}, and the matcher may read at most {@link #MAX_STEPS} characters. A
 * pattern like {@code (a+)+b} backtracks exponentially even on short input; the step budget stops
 * it, so no message can hold an event loop. Exceeding the budget is a status, not a crash.
 */
final class BoundedRegex {

    /** No field secfilter matches by regex needs more; the substring lists see the whole text. */
    static final int MAX_INPUT_CHARS = 512;
    /** Character reads per match; a linear pattern over 512 characters needs a few thousand. */
    static final int MAX_STEPS = 100_000;

    enum Match { FOUND, NOT_FOUND, BUDGET_EXCEEDED }

    private BoundedRegex() {}

    static Match find(Pattern pattern, String text) {
        String input = text.length() > MAX_INPUT_CHARS ? text.substring(0, MAX_INPUT_CHARS) : text;
        try {
            return pattern.matcher(new Budgeted(input)).find() ? Match.FOUND : Match.NOT_FOUND;
        } catch (BudgetExceeded e) {
            return Match.BUDGET_EXCEEDED;
        }
    }

    /** Thrown from inside the matcher only; preallocated and without a stack trace, so it is cheap. */
    private static final class BudgetExceeded extends RuntimeException {
        static final BudgetExceeded INSTANCE = new BudgetExceeded();

        private BudgetExceeded() {
            super("regex step budget exceeded", null, false, false);
        }
    }

    private static final class Budgeted implements CharSequence {
        private final String text;
        private int steps;

        Budgeted(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++steps > MAX_STEPS) {
                throw BudgetExceeded.INSTANCE;
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

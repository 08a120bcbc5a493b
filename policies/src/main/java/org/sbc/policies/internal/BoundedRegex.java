package org.sbc.policies.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.YamlErrors;

/**
 * A regular expression from a policy, compiled once at load and bounded three ways, because Java's
 * backtracking matcher lets one pattern and one crafted header cost seconds per message:
 *
 * <ol>
 *   <li>At load, patterns that can backtrack exponentially are refused: a repeated group that
 *       itself holds a repetition or an alternation ({@code (a+)+}, {@code (a|a)*}), and
 *       backreferences. These are the shapes behind catastrophic backtracking; a SIP rule never
 *       needs them. The check is on the text, conservative (it refuses some safe patterns, such
 *       as {@code (ab|cd)+}), and explained in the error.
 *   <li>At match time, a pattern sees at most {@link #MAX_INPUT_CHARS} characters of a value (its
 *       start): polynomial patterns such as {@code a.*b.*c} stay polynomial in a small number.
 *   <li>Every match has a budget of {@link #MAX_STEPS} character reads; a match that exhausts it
 *       counts as no match and is counted ({@link Outcome#BUDGET_EXCEEDED}), never a stalled
 *       event loop.
 * </ol>
 *
 * <p>Matching is a search ({@code find}), not a whole-value match: {@code (?i)probe} holds for a
 * User-Agent containing {@code Probe}. Anchor with {@code ^} and {@code $} for a whole value.
 * Equal when the source text is equal, so that duplicate rules can be found.
 */
public record BoundedRegex(String source, Pattern pattern) {

    /** A longer pattern is a mistake, or a way to make matching slow. */
    public static final int MAX_SOURCE_CHARS = 256;

    /** SIP header values beyond this are rare; the start of a value is what signatures look at. */
    public static final int MAX_INPUT_CHARS = 1024;

    /** About a millisecond of work; a linear pattern over 1,024 characters needs a few thousand. */
    public static final int MAX_STEPS = 1_000_000;

    public enum Outcome {
        MATCH,
        NO_MATCH,
        BUDGET_EXCEEDED
    }

    public BoundedRegex {
        requireNonNull(source, "source");
        requireNonNull(pattern, "pattern");
    }

    public static BoundedRegex compile(String source) throws InvalidValueException {
        if (source.isEmpty() || source.length() > MAX_SOURCE_CHARS) {
            throw new InvalidValueException(YamlErrors.quote(source) + " (expected: a regular expression of 1.."
                    + MAX_SOURCE_CHARS + " characters)");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(source);
        } catch (PatternSyntaxException e) {
            throw new InvalidValueException("bad regex " + YamlErrors.quote(source) + ": "
                    + e.getDescription() + " near index " + e.getIndex() + " (expected: a Java regular expression)");
        }
        String unsafe = unsafeConstruct(source);
        if (unsafe != null) {
            throw new InvalidValueException("regex " + YamlErrors.quote(source) + " " + unsafe
                    + " (expected: no nested repetition and no backreferences; they can make matching"
                    + " take exponential time)");
        }
        return new BoundedRegex(source, pattern);
    }

    public Outcome find(String value) {
        CharSequence input = value.length() > MAX_INPUT_CHARS ? value.substring(0, MAX_INPUT_CHARS) : value;
        try {
            return pattern.matcher(new Budgeted(input)).find() ? Outcome.MATCH : Outcome.NO_MATCH;
        } catch (BudgetExceeded e) {
            return Outcome.BUDGET_EXCEEDED;
        }
    }

    /**
     * What makes {@code source} unsafe, or null. Walks the pattern once, keeping per open group
     * whether it holds a quantifier or an alternation; a group closed and then repeated
     * ({@code *}, {@code +}, or {@code {n,m}} with m > 1) with either inside is refused.
     */
    static String unsafeConstruct(String source) {
        Deque<boolean[]> groups = new ArrayDeque<>();
        groups.push(new boolean[1]);
        boolean lastWasRiskyGroup = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            boolean riskyGroupClosed = false;
            switch (c) {
                case '\\' -> {
                    if (i + 1 < source.length()) {
                        char next = source.charAt(i + 1);
                        if ((next >= '1' && next <= '9') || next == 'k') {
                            return "has a backreference at index " + i;
                        }
                        if (next == 'Q') {
                            int end = source.indexOf("\\E", i + 2);
                            i = end < 0 ? source.length() : end + 1;
                        } else {
                            i++;
                        }
                    }
                }
                case '[' -> i = endOfClass(source, i);
                case '(' -> groups.push(new boolean[1]);
                case ')' -> {
                    boolean[] closed = groups.size() > 1 ? groups.pop() : new boolean[1];
                    riskyGroupClosed = closed[0];
                    if (closed[0]) {
                        groups.peek()[0] = true;
                    }
                }
                case '|' -> groups.peek()[0] = true;
                case '*', '+' -> {
                    if (lastWasRiskyGroup) {
                        return "repeats a group that holds a repetition or alternation at index " + i;
                    }
                    groups.peek()[0] = true;
                }
                case '{' -> {
                    int end = source.indexOf('}', i);
                    if (end > i) {
                        String body = source.substring(i + 1, end);
                        boolean repeats = !body.matches("0*1?|0*1,0*1|0*,0*1");
                        if (lastWasRiskyGroup && repeats) {
                            return "repeats a group that holds a repetition or alternation at index " + i;
                        }
                        groups.peek()[0] = true;
                        i = end;
                    }
                }
                case '?' -> {
                    // a lazy or possessive mark, or an optional: no repetition of its own
                }
                default -> {
                }
            }
            lastWasRiskyGroup = riskyGroupClosed;
        }
        return null;
    }

    private static int endOfClass(String source, int open) {
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && i > open + 1 && !(i == open + 2 && source.charAt(open + 1) == '^')) {
                if (--depth == 0) {
                    return i;
                }
            }
        }
        return source.length();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BoundedRegex that && source.equals(that.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }

    /** Thrown through the matcher when the budget runs out; no stack trace, it is control flow. */
    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /** Counts every character the matcher reads. */
    private static final class Budgeted implements CharSequence {
        private final CharSequence text;
        private int steps;

        Budgeted(CharSequence text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++steps > MAX_STEPS) {
                throw new BudgetExceeded();
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
            return text.toString();
        }
    }
}

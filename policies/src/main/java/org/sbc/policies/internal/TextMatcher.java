package org.sbc.policies.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.sbc.policies.yaml.YamlErrors;

/** How a text field is compared: one operator of a condition. */
public sealed interface TextMatcher {

    /** The operand that {@code value} matches, or null; null keeps the hot path allocation-free. */
    Object firstMatch(String value, Facts facts);

    /** The operator's key in a policy file. */
    String operator();

    /** The operands as written. */
    String operands();

    /** Sorted and without duplicates, so that the same set written in another order is equal. */
    static List<Operand> canonical(List<Operand> operands) {
        return List.copyOf(new TreeSet<>(operands));
    }

    /** Equal to one of the values. */
    record Exact(List<Operand> values, Map<String, Operand> index) implements TextMatcher {
        public static Exact of(List<Operand> values) {
            Map<String, Operand> index = new HashMap<>();
            values.forEach(v -> index.putIfAbsent(v.value(), v));
            return new Exact(canonical(values), Map.copyOf(index));
        }

        @Override
        public Object firstMatch(String value, Facts facts) {
            return index.get(value);
        }

        @Override
        public String operator() {
            return "exact";
        }

        @Override
        public String operands() {
            return values.toString();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Exact that && values.equals(that.values);
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }
    }

    /** Starts with one of the prefixes; the longest is reported. */
    record Prefix(List<Operand> prefixes) implements TextMatcher {
        public Prefix {
            prefixes = canonical(prefixes);
        }

        @Override
        public Object firstMatch(String value, Facts facts) {
            Operand best = null;
            for (Operand prefix : prefixes) {
                if (value.startsWith(prefix.value()) && (best == null || prefix.value().length() > best.value().length())) {
                    best = prefix;
                }
            }
            return best;
        }

        @Override
        public String operator() {
            return "prefix";
        }

        @Override
        public String operands() {
            return prefixes.toString();
        }
    }

    /** Ends with one of the suffixes. */
    record Suffix(List<Operand> suffixes) implements TextMatcher {
        public Suffix {
            suffixes = canonical(suffixes);
        }

        @Override
        public Object firstMatch(String value, Facts facts) {
            for (Operand suffix : suffixes) {
                if (value.endsWith(suffix.value())) {
                    return suffix;
                }
            }
            return null;
        }

        @Override
        public String operator() {
            return "suffix";
        }

        @Override
        public String operands() {
            return suffixes.toString();
        }
    }

    /** The pattern is found in the value (bounded: see {@link BoundedRegex}). */
    record Regex(BoundedRegex regex) implements TextMatcher {
        @Override
        public Object firstMatch(String value, Facts facts) {
            BoundedRegex.Outcome outcome = regex.find(value);
            if (outcome == BoundedRegex.Outcome.BUDGET_EXCEEDED) {
                facts.regexBudgetExceeded();
            }
            return outcome == BoundedRegex.Outcome.MATCH ? regex : null;
        }

        @Override
        public String operator() {
            return "regex";
        }

        @Override
        public String operands() {
            return YamlErrors.quote(regex.source());
        }
    }

    /**
     * The value is a whole number (digits, an optional leading {@code +}) inside one of the
     * ranges, e.g. extensions {@code 2000-2999}.
     */
    record Range(List<NumberRange> ranges) implements TextMatcher {
        /** Longer digit strings are not numbers anyone dials; refusing them keeps parsing cheap. */
        static final int MAX_DIGITS = 18;

        @Override
        public Object firstMatch(String value, Facts facts) {
            int start = value.startsWith("+") ? 1 : 0;
            int length = value.length() - start;
            if (length < 1 || length > MAX_DIGITS) {
                return null;
            }
            long number = 0;
            for (int i = start; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                number = number * 10 + (c - '0');
            }
            for (NumberRange range : ranges) {
                if (number >= range.min() && number <= range.max()) {
                    return range;
                }
            }
            return null;
        }

        @Override
        public String operator() {
            return "range";
        }

        @Override
        public String operands() {
            return ranges.toString();
        }
    }

    /** An inclusive range of whole numbers. */
    record NumberRange(long min, long max) {
        @Override
        public String toString() {
            return min == max ? Long.toString(min) : min + "-" + max;
        }
    }
}

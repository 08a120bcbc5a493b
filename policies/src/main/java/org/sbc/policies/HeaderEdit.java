package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import org.sbc.policies.internal.BoundedRegex;

/**
 * A change to one header of the request, carried in a decision for sbc-core to apply. Headers the
 * B2BUA owns (Via, From, To, Call-ID, CSeq, Contact, Content-Length...) are refused at load.
 */
public sealed interface HeaderEdit {

    String name();

    /** Replaces every value of the header with one value, or adds it. */
    record Set(String name, String value) implements HeaderEdit {
        public Set {
            requireNonNull(name, "name");
            requireNonNull(value, "value");
        }
    }

    /** Replaces what {@code regex} finds in each value with {@code replacement} ({@code $1} for groups). */
    record Rewrite(String name, BoundedRegex regex, String replacement) implements HeaderEdit {
        public Rewrite {
            requireNonNull(name, "name");
            requireNonNull(regex, "regex");
            requireNonNull(replacement, "replacement");
        }

        /**
         * The rewritten value. A value longer than {@link BoundedRegex#MAX_INPUT_CHARS} is left as
         * it is rather than cut: rewriting only its start would corrupt it.
         */
        public String apply(String value) {
            if (value.length() > BoundedRegex.MAX_INPUT_CHARS) {
                return value;
            }
            return regex.pattern().matcher(value).replaceAll(replacement);
        }
    }

    /** Removes every value of the header. */
    record Remove(String name) implements HeaderEdit {
        public Remove {
            requireNonNull(name, "name");
        }
    }
}

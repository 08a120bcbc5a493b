package org.sbc.core.edge.secfilter;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.YamlErrors;

/**
 * A regular expression from the config, compiled once at load (never per message). Equal when
 * the source text is equal, so that configs compare by what was written.
 */
public record CompiledRegex(String source, Pattern pattern) {

    /** A longer pattern is a mistake, or a way to make matching slow. */
    public static final int MAX_SOURCE_CHARS = 256;

    public CompiledRegex {
        requireNonNull(source, "source");
        requireNonNull(pattern, "pattern");
    }

    /** Case-insensitive: SIP tokens and names are matched without regard to case. */
    static CompiledRegex compile(String source) throws InvalidValueException {
        if (source.isEmpty() || source.length() > MAX_SOURCE_CHARS) {
            throw new InvalidValueException(YamlErrors.quote(source) + " (expected: a regular expression of 1.."
                    + MAX_SOURCE_CHARS + " characters)");
        }
        try {
            return new CompiledRegex(source, Pattern.compile(source, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        } catch (PatternSyntaxException e) {
            throw new InvalidValueException("bad regex " + YamlErrors.quote(source) + ": "
                    + e.getDescription() + " near index " + e.getIndex() + " (expected: a Java regular expression)");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CompiledRegex that && source.equals(that.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}

package org.sbc.core.edge.secfilter;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Looks for SQL injection and control characters in the user, display-name and domain fields
 * that a PBX or its CDR database may store. The codec already refuses raw control characters
 * in header lines; what reaches here can still carry them percent-encoded ({@code %00},
 * {@code %0d%0a}), so fields are percent-decoded once before the check.
 *
 * <p>The patterns are fixed and compiled once. They look for a quote that breaks out of a string
 * followed by SQL, SQL statement shapes, tautologies and timing functions, not for a lone
 * apostrophe: {@code O'Brien} is a display name, not an attack.
 */
final class InjectionCheck {

    /** No SIP user, display name or domain is longer; a longer one is a probe or padding. */
    static final int MAX_FIELD_CHARS = 256;

    private static final List<Pattern> SQL = List.of(
            Pattern.compile("['\"`]\\s*\\)?\\s*(?:or|and)\\s+['\"(\\d]", Pattern.CASE_INSENSITIVE),
            Pattern.compile("['\"`]\\s*\\)?\\s*(?:;|--|#|/\\*|(?:union|select|insert|update|delete|drop|exec|having)\\b"
                    + "|(?:group|order)\\s+by\\b)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\b(?:union(?:\\s+all)?\\s+select|select\\s+\\S+\\s+from|insert\\s+into|delete\\s+from"
                    + "|drop\\s+(?:table|database)|update\\s+\\S+\\s+set|waitfor\\s+delay|xp_cmdshell|information_schema"
                    + "|sleep\\s*\\(\\s*\\d|benchmark\\s*\\(|pg_sleep\\s*\\()", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bor\\s+['\"]?(\\w{1,16})['\"]?\\s*=\\s*['\"]?\\1\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile(";\\s*(?:select|insert|update|delete|drop|shutdown)\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("/\\*.*\\*/|--\\s*$"));

    /** What was wrong with a field; the rule name goes into events and logs, never the field. */
    enum Finding {
        OVERLONG("injection.overlong"),
        CONTROL_CHARACTER("injection.control_character"),
        SQL("injection.sql");

        private final String rule;

        Finding(String rule) {
            this.rule = rule;
        }

        String rule() {
            return rule;
        }
    }

    private InjectionCheck() {}

    static Optional<Finding> check(String field) {
        if (field == null || field.isEmpty()) {
            return Optional.empty();
        }
        if (field.length() > MAX_FIELD_CHARS) {
            return Optional.of(Finding.OVERLONG);
        }
        String decoded = PercentDecoding.decode(field);
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(Finding.CONTROL_CHARACTER);
            }
        }
        for (Pattern pattern : SQL) {
            // Fixed patterns, no nested quantifiers, over at most 256 characters: linear enough.
            if (pattern.matcher(decoded).find()) {
                return Optional.of(Finding.SQL);
            }
        }
        return Optional.empty();
    }
}

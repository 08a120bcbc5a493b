package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How dialled numbers become E.164 ({@code +} and up to 15 digits, ITU-T E.164 §6) so that one
 * rule covers {@code 0049301234}, {@code 0301234} and {@code +49301234} alike. Without this, a
 * caller dodges a prefix rule by dialling the same number in another form.
 *
 * @param countryCode the SBC's own country code (1 to 3 digits), used after a national prefix
 * @param nationalPrefix the trunk prefix of national numbers, e.g. {@code 0}; needs a country code
 * @param internationalPrefixes the exit codes, e.g. {@code 00} or {@code 011}
 */
public record Numbering(Optional<String> countryCode, Optional<String> nationalPrefix,
        List<String> internationalPrefixes) {

    /** E.164 §6.1: at most 15 digits after the {@code +}. */
    public static final int MAX_DIGITS = 15;

    /** Only {@code +} numbers are understood; every other form is left unnormalised. */
    public static final Numbering NONE = new Numbering(Optional.empty(), Optional.empty(), List.of());

    public Numbering {
        requireNonNull(countryCode, "countryCode");
        requireNonNull(nationalPrefix, "nationalPrefix");
        // Longest first, so that "011" is tried before a shorter exit code it starts with.
        internationalPrefixes = internationalPrefixes.stream()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        countryCode.ifPresent(cc -> requireDigits(cc, 1, 3, "countryCode"));
        nationalPrefix.ifPresent(np -> requireDigits(np, 1, 4, "nationalPrefix"));
        internationalPrefixes.forEach(ip -> requireDigits(ip, 1, 4, "internationalPrefixes"));
        if (nationalPrefix.isPresent() && countryCode.isEmpty()) {
            throw new IllegalArgumentException("nationalPrefix without countryCode (expected: both)");
        }
    }

    /**
     * The E.164 form of {@code dialled}, or empty when it is no public number in a form this plan
     * knows (an extension, a short code, text). Visual separators ({@code - . ( )} and spaces,
     * RFC 3966 §5.1.1) are ignored. Idempotent: an E.164 result normalises to itself.
     */
    public Optional<String> normalise(String dialled) {
        StringBuilder digits = new StringBuilder(Math.min(dialled.length(), 32));
        boolean plus = false;
        for (int i = 0; i < dialled.length(); i++) {
            char c = dialled.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && i == 0) {
                plus = true;
            } else if (c != '-' && c != '.' && c != '(' && c != ')' && c != ' ') {
                return Optional.empty();
            }
            if (digits.length() > 32) {
                return Optional.empty();
            }
        }
        String number = digits.toString();
        if (plus) {
            return e164(number);
        }
        for (String exit : internationalPrefixes) {
            if (number.startsWith(exit)) {
                return e164(number.substring(exit.length()));
            }
        }
        if (nationalPrefix.isPresent() && number.startsWith(nationalPrefix.get())) {
            String national = number.substring(nationalPrefix.get().length());
            return national.isEmpty() ? Optional.empty() : e164(countryCode.orElseThrow() + national);
        }
        return Optional.empty();
    }

    /** A country code never starts with 0 (E.164 §6.2.1). */
    private static Optional<String> e164(String digits) {
        if (digits.isEmpty() || digits.length() > MAX_DIGITS || digits.charAt(0) == '0') {
            return Optional.empty();
        }
        return Optional.of("+" + digits);
    }

    private static void requireDigits(String value, int min, int max, String name) {
        if (value.length() < min || value.length() > max || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: " + min + ".." + max + " digits)");
        }
    }
}

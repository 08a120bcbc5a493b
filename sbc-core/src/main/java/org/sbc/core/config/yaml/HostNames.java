package org.sbc.core.config.yaml;

/**
 * DNS host name syntax, checked by hand. IP literals are threat-feeds' {@code IpLiteral}: this
 * class only says whether text that is not one can be a name.
 */
public final class HostNames {

    private HostNames() {}

    /**
     * A host name per RFC 1123 section 2.1: labels of letters, digits and inner hyphens, 1..63
     * characters, at most 253 in all. A name whose last label is all digits is refused, so that
     * a mistyped address such as {@code 192.0.2.300} is not taken for a name.
     */
    public static boolean isDnsName(String text) {
        if (text.isEmpty() || text.length() > 253) {
            return false;
        }
        String[] labels = text.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63
                    || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != '-') {
                    return false;
                }
            }
        }
        return !labels[labels.length - 1].chars().allMatch(HostNames::isAsciiDigit);
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}

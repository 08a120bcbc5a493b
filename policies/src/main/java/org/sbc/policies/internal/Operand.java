package org.sbc.policies.internal;

import org.sbc.policies.yaml.YamlErrors;

/**
 * One value a condition compares with, and the named list it came from (null when written
 * inline), so an explanation can say {@code '900' (list premium)}.
 */
public record Operand(String value, String list) implements Comparable<Operand> {

    @Override
    public int compareTo(Operand other) {
        return value.compareTo(other.value);
    }

    /** Equal by value: where a value was written does not change what it matches. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Operand that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return list == null ? YamlErrors.quote(value) : YamlErrors.quote(value) + " (list " + list + ")";
    }
}

package org.sbc.core.codec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A fixed map from header names to values, looked up in any case of ASCII letters and in place,
 * on a part of a longer text, without lower-casing or cutting out the name: asked for every
 * header of every message relayed or sent to the outside, where a lower-cased or cut-out copy
 * per header showed in the call benchmark's profile. Only ASCII letters fold ({@link #spells},
 * which the parse's lookup of a header's parser in {@code DirectHeaderParsing} shares): a
 * non-ASCII letter that lower-cases to an ASCII one (the Kelvin sign to k) matches nothing.
 * Immutable.
 *
 * @param <V> the values
 */
public final class HeaderNameMap<V> {

    /** Open addressing, at most half full; null is an empty slot. */
    private final String[] names;
    private final Object[] values;

    private HeaderNameMap(String[] names, Object[] values) {
        this.names = names;
        this.values = values;
    }

    /**
     * @param entries header names, in any case, and their values; two names that differ only in
     *     the case of their letters are refused, since a lookup could not tell them apart
     */
    public static <V> HeaderNameMap<V> of(Map<String, V> entries) {
        int size = Integer.highestOneBit(Math.max(4, entries.size() * 4));
        String[] names = new String[size];
        Object[] values = new Object[size];
        entries.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            int slot = hash(lower, 0, lower.length()) & (size - 1);
            while (names[slot] != null) {
                if (names[slot].equals(lower)) {
                    throw new IllegalArgumentException("header name given twice: " + name);
                }
                slot = (slot + 1) & (size - 1);
            }
            names[slot] = lower;
            values[slot] = java.util.Objects.requireNonNull(value, "value");
        });
        return new HeaderNameMap<>(names, values);
    }

    /** The value of {@code name}, or null. */
    public V get(String name) {
        return get(name, 0, name.length());
    }

    /** The value of the name {@code text} holds from {@code start} to {@code end}, or null. */
    @SuppressWarnings("unchecked")
    public V get(String text, int start, int end) {
        int length = end - start;
        int mask = names.length - 1;
        for (int slot = hash(text, start, end) & mask;; slot = (slot + 1) & mask) {
            String name = names[slot];
            if (name == null) {
                return null;
            }
            if (name.length() == length && spells(text, start, name)) {
                return (V) values[slot];
            }
        }
    }

    /** The hash of a name with its ASCII letters lower-cased. */
    private static int hash(String text, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + lower(text.charAt(i));
        }
        return hash ^ (hash >>> 16);
    }

    /**
     * {@code text} from {@code start} spells {@code lowerCase} in any case of ASCII letters;
     * unlike {@code regionMatches(true, ...)}, a non-ASCII letter that folds to an ASCII one (the
     * Kelvin sign to k) does not match. The caller sees that {@code text} is long enough.
     */
    static boolean spells(String text, int start, String lowerCase) {
        for (int i = 0; i < lowerCase.length(); i++) {
            if (lowerCase.charAt(i) != lower(text.charAt(start + i))) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    @Override
    public String toString() {
        return Arrays.stream(names).filter(name -> name != null).sorted().toList().toString();
    }
}

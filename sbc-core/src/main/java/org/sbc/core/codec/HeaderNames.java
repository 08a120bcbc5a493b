package org.sbc.core.codec;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * A fixed set of header names, found in any case of ASCII letters without lower-casing the name
 * looked up: asked for every header of every relayed message, where a lower-cased copy per
 * header showed in the call benchmark's profile. Only ASCII letters fold ({@link #spells}, which
 * the parse's lookup of a header's parser in {@code DirectHeaderParsing} shares): a non-ASCII
 * letter that lower-cases to an ASCII one (the Kelvin sign to k) matches nothing. Immutable.
 */
public final class HeaderNames {

    /** Open addressing, at most half full; null is an empty slot. */
    private final String[] slots;

    private HeaderNames(String[] slots) {
        this.slots = slots;
    }

    /** @param names header names, in any case */
    public static HeaderNames of(Collection<String> names) {
        int size = Integer.highestOneBit(Math.max(4, names.size() * 4));
        String[] slots = new String[size];
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            int slot = hash(lower) & (size - 1);
            while (slots[slot] != null && !slots[slot].equals(lower)) {
                slot = (slot + 1) & (size - 1);
            }
            slots[slot] = lower;
        }
        return new HeaderNames(slots);
    }

    public boolean contains(String name) {
        int mask = slots.length - 1;
        for (int slot = hash(name) & mask;; slot = (slot + 1) & mask) {
            String entry = slots[slot];
            if (entry == null) {
                return false;
            }
            if (entry.length() == name.length() && spells(name, entry)) {
                return true;
            }
        }
    }

    /** The hash of the name with its ASCII letters lower-cased. */
    private static int hash(String name) {
        int hash = 0;
        for (int i = 0; i < name.length(); i++) {
            hash = 31 * hash + lower(name.charAt(i));
        }
        return hash ^ (hash >>> 16);
    }

    /**
     * The first {@code lowerCase.length()} characters of {@code text} spell {@code lowerCase} in
     * any case of ASCII letters; unlike {@code regionMatches(true, ...)}, a non-ASCII letter that
     * folds to an ASCII one (the Kelvin sign to k) does not match.
     */
    static boolean spells(String text, String lowerCase) {
        for (int i = 0; i < lowerCase.length(); i++) {
            if (lowerCase.charAt(i) != lower(text.charAt(i))) {
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
        return Arrays.stream(slots).filter(s -> s != null).sorted().toList().toString();
    }
}

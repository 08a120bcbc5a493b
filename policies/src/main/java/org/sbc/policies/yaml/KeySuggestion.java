package org.sbc.policies.yaml;

import java.util.Collection;
import java.util.Optional;

/** Finds the known name (a key, a list name) a misspelt one was probably meant to be. */
public final class KeySuggestion {

    /** Two edits catch a dropped letter plus a swap; beyond that suggestions turn into guesses. */
    public static final int MAX_DISTANCE = 2;

    /** Names longer than this are not compared: the distance table grows with both lengths. */
    private static final int MAX_KEY_CHARS = 64;

    private KeySuggestion() {}

    /** The known name at most {@link #MAX_DISTANCE} edits from {@code key}, the first of the closest. */
    public static Optional<String> closest(String key, Collection<String> known) {
        if (key.length() > MAX_KEY_CHARS) {
            return Optional.empty();
        }
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String candidate : known) {
            int distance = levenshtein(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

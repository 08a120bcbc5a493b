package org.sbc.policies.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which rules a dialled number can still match: a rule whose top-level match has a
 * {@code prefix} on {@code ruri_user} or {@code ruri_e164} is looked up by its prefixes instead of
 * being tried, so a policy of a thousand prefix rules costs one lookup per prefix length, not a
 * thousand comparisons. It only ever rules a rule out when that very condition could not hold
 * (the same field value, case folding and {@code startsWith} as {@link TextCondition}); the rules
 * it lets through are still tested in full, in file order.
 */
public final class PrefixIndex {

    private static final List<Field> FIELDS = List.of(Field.RURI_USER, Field.RURI_E164);

    /** Per field: prefix to the rules it leads to, and the prefix lengths in use. */
    private final Map<Field, Map<String, int[]>> byPrefix;
    private final Map<Field, int[]> lengths;
    private final BitSet indexed;

    private PrefixIndex(Map<Field, Map<String, int[]>> byPrefix, Map<Field, int[]> lengths, BitSet indexed) {
        this.byPrefix = byPrefix;
        this.lengths = lengths;
        this.indexed = indexed;
    }

    /** @param conditions each rule's top-level conditions, in rule order */
    public static PrefixIndex of(List<List<Condition>> conditions) {
        Map<Field, Map<String, List<Integer>>> building = new HashMap<>();
        BitSet indexed = new BitSet(conditions.size());
        for (int rule = 0; rule < conditions.size(); rule++) {
            for (Condition condition : conditions.get(rule)) {
                if (condition instanceof TextCondition text && FIELDS.contains(text.field())
                        && text.matcher() instanceof TextMatcher.Prefix prefix) {
                    for (Operand operand : prefix.prefixes()) {
                        building.computeIfAbsent(text.field(), f -> new HashMap<>())
                                .computeIfAbsent(operand.value(), p -> new ArrayList<>()).add(rule);
                    }
                    indexed.set(rule);
                    break; // one such condition decides: the rule needs it to hold
                }
            }
        }
        Map<Field, Map<String, int[]>> byPrefix = new HashMap<>();
        Map<Field, int[]> lengths = new HashMap<>();
        building.forEach((field, prefixes) -> {
            Map<String, int[]> rules = new HashMap<>();
            TreeSet<Integer> sizes = new TreeSet<>();
            prefixes.forEach((text, list) -> {
                rules.put(text, list.stream().mapToInt(Integer::intValue).toArray());
                sizes.add(text.length());
            });
            byPrefix.put(field, Map.copyOf(rules));
            lengths.put(field, sizes.stream().mapToInt(Integer::intValue).toArray());
        });
        return new PrefixIndex(Map.copyOf(byPrefix), Map.copyOf(lengths), indexed);
    }

    public boolean isEmpty() {
        return indexed.isEmpty();
    }

    /** Whether rule {@code index} is one this index can rule out. */
    public boolean indexes(int index) {
        return indexed.get(index);
    }

    /** The indexed rules whose prefix condition holds for {@code facts}. */
    public BitSet matching(Facts facts) {
        BitSet matching = new BitSet();
        byPrefix.forEach((field, rules) -> {
            int[] sizes = lengths.get(field);
            for (String raw : facts.text(field, null)) {
                String value = field.foldsCase() ? raw.toLowerCase(Locale.ROOT) : raw;
                for (int size : sizes) {
                    if (size > value.length()) {
                        break;
                    }
                    int[] found = rules.get(value.substring(0, size));
                    if (found != null) {
                        for (int rule : found) {
                            matching.set(rule);
                        }
                    }
                }
            }
        });
        return matching;
    }
}

package org.sbc.core.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter family with labels, bounded: past {@code maxSeries} label sets, new ones count
 * under the label value {@code other}, so that nothing a peer controls can grow the table.
 */
public final class LabelledCounter {

    static final String OTHER = "other";

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final int maxSeries;
    private final Map<List<String>, LongAdder> series = new ConcurrentHashMap<>();
    private final List<String> overflow;

    public LabelledCounter(String name, String help, List<String> labelNames, int maxSeries) {
        this.name = name;
        this.help = help;
        this.labelNames = List.copyOf(labelNames);
        this.maxSeries = maxSeries;
        String[] others = new String[labelNames.size()];
        Arrays.fill(others, OTHER);
        this.overflow = List.of(others);
    }

    public void increment(String... values) {
        series(values).increment();
    }

    /**
     * The adder of one label set (the overflow's, past the bound), for a caller that counts the
     * same series often and keeps it: no lookup or allocation per count.
     */
    public LongAdder series(String... values) {
        if (values.length != labelNames.size()) {
            throw new IllegalArgumentException(name + ": " + values.length + " label values (expected: " + labelNames + ")");
        }
        List<String> key = List.of(values);
        LongAdder adder = series.get(key);
        if (adder == null) {
            adder = series.size() < maxSeries ? series.computeIfAbsent(key, k -> new LongAdder())
                    : series.computeIfAbsent(overflow, k -> new LongAdder());
        }
        return adder;
    }

    /** The count of one label set (0 when never seen). */
    public long get(String... values) {
        LongAdder adder = series.get(List.of(values));
        return adder == null ? 0 : adder.sum();
    }

    void writeTo(MetricsText text) {
        text.family(name, "counter", help);
        series.entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b))))
                .forEach(entry -> {
                    String[] labels = new String[labelNames.size() * 2];
                    for (int i = 0; i < labelNames.size(); i++) {
                        labels[2 * i] = labelNames.get(i);
                        labels[2 * i + 1] = entry.getKey().get(i);
                    }
                    text.sample(name, entry.getValue().sum(), labels);
                });
    }
}

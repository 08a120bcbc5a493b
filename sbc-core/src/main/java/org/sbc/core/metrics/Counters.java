package org.sbc.core.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The live values of every {@link Counter}; cheap to increment from any event loop. */
public final class Counters {

    private final Map<Counter, LongAdder> values = new EnumMap<>(Counter.class);

    public Counters() {
        for (Counter counter : Counter.values()) {
            values.put(counter, new LongAdder());
        }
    }

    public void increment(Counter counter) {
        values.get(counter).increment();
    }

    /** Adds {@code delta} (>= 0: counters only go up), e.g. a call's packets when it ends. */
    public void add(Counter counter, long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("delta: " + delta + " (expected: >= 0)");
        }
        values.get(counter).add(delta);
    }

    public long get(Counter counter) {
        return values.get(counter).sum();
    }

    /** Prometheus text exposition format, version 0.0.4. */
    public String toPrometheusText() {
        StringBuilder text = new StringBuilder(4096);
        for (Counter counter : Counter.values()) {
            text.append("# HELP ").append(counter.metricName()).append(' ').append(counter.help()).append('\n')
                .append("# TYPE ").append(counter.metricName()).append(" counter\n")
                .append(counter.metricName()).append(' ').append(get(counter)).append('\n');
        }
        return text.toString();
    }
}

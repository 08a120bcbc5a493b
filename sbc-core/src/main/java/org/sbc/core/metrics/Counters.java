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

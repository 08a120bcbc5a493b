package org.sbc.core.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram with fixed buckets, safe to observe from any thread without locks.
 * The bucket bounds are in seconds, as Prometheus expects.
 */
public final class Histogram {

    /** From 100 µs to 10 s: SIP answers that matter are under T1 (500 ms); past it peers retransmit. */
    public static final double[] LATENCY_BUCKETS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** Call setup waits on people: a phone rings for seconds. */
    public static final double[] CALL_SETUP_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    private final String name;
    private final String help;
    private final double[] bounds;
    private final LongAdder[] buckets;
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder count = new LongAdder();

    public Histogram(String name, String help, double[] bounds) {
        this.name = name;
        this.help = help;
        this.bounds = bounds.clone();
        this.buckets = new LongAdder[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void observeNanos(long nanos) {
        double seconds = Math.max(0, nanos) / 1e9;
        for (int i = 0; i < bounds.length; i++) {
            if (seconds <= bounds[i]) {
                buckets[i].increment(); // counted in its own bucket; the text makes them cumulative
                break;
            }
        }
        sum.add(seconds);
        count.increment();
    }

    void writeTo(MetricsText text) {
        text.family(name, "histogram", help);
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += buckets[i].sum();
            text.sample(name + "_bucket", cumulative, "le", java.math.BigDecimal.valueOf(bounds[i]).stripTrailingZeros().toPlainString());
        }
        // Read count once: a +Inf bucket below the last finite one would be an invalid histogram.
        text.sample(name + "_bucket", Math.max(cumulative, count.sum()), "le", "+Inf");
        text.sample(name + "_sum", sum.sum());
        text.sample(name + "_count", Math.max(cumulative, count.sum()));
    }
}

package org.sbc.core.metrics;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The live values of every {@link Counter}, and the labelled families, histograms and gauges
 * that {@code /metrics} shows besides; cheap to update from any event loop.
 */
public final class Counters {

    /** Listeners are few; more than this many local sockets is a wildcard on a host with many addresses. */
    private static final int MAX_LISTENER_SERIES = 256;

    private final Map<Counter, LongAdder> values = new EnumMap<>(Counter.class);
    private final LabelledCounter listenerMessages = new LabelledCounter("sbc_listener_messages_total",
            "SIP messages per local socket and transport, parsed or refused by the codec",
            List.of("transport", "listener", "result"), MAX_LISTENER_SERIES);
    private final LabelledCounter verdicts = new LabelledCounter("sbc_edge_verdicts_total",
            "what each edge step decided about the messages it saw: pass, answer or drop",
            List.of("step", "verdict"), 128);
    private final LabelledCounter bansByReason = new LabelledCounter("sbc_bans_added_by_reason_total",
            "bans added or extended, per reason", List.of("reason"), 64);
    private final Histogram messageHandling = new Histogram("sbc_message_handling_seconds",
            "from a SIP message read off its socket (its frame cut) to its answer or relay sent (or its drop)",
            Histogram.LATENCY_BUCKETS);
    private final Histogram callSetup = new Histogram("sbc_call_setup_seconds",
            "from an INVITE received to the final response relayed to the caller", Histogram.CALL_SETUP_BUCKETS);
    private final List<Gauge> gauges = new CopyOnWriteArrayList<>();

    private record Gauge(String name, String help, DoubleSupplier value) {}

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

    /** A message the codec read on {@code listener} (its local socket), parsed or refused. */
    public void listenerMessage(String transport, String listener, boolean parsed) {
        listenerMessages.increment(transport, listener, parsed ? "parsed" : "malformed");
    }

    /** The two series (parsed, malformed) of one listener, for a caller that keeps them. */
    public LongAdder[] listenerSeries(String transport, String listener) {
        return new LongAdder[] {listenerMessages.series(transport, listener, "parsed"),
                listenerMessages.series(transport, listener, "malformed")};
    }

    /** What edge step {@code step} decided: {@code pass}, {@code answer} or {@code drop}. */
    public void verdict(String step, String verdict) {
        verdicts.increment(step, verdict);
    }

    public void banAdded(String reason) {
        bansByReason.increment(reason);
    }

    public LabelledCounter verdicts() {
        return verdicts;
    }

    public Histogram messageHandling() {
        return messageHandling;
    }

    public Histogram callSetup() {
        return callSetup;
    }

    /** A gauge read at every scrape; {@code value} must be cheap and must not block. */
    public void gauge(String name, String help, DoubleSupplier value) {
        gauges.add(new Gauge(name, help, value));
    }

    /** Prometheus text exposition format, version 0.0.4. */
    public String toPrometheusText() {
        MetricsText text = new MetricsText();
        for (Counter counter : Counter.values()) {
            text.family(counter.metricName(), "counter", counter.help());
            text.sample(counter.metricName(), get(counter));
        }
        listenerMessages.writeTo(text);
        verdicts.writeTo(text);
        bansByReason.writeTo(text);
        messageHandling.writeTo(text);
        callSetup.writeTo(text);
        for (Gauge gauge : gauges) {
            text.family(gauge.name(), "gauge", gauge.help());
            text.sample(gauge.name(), gauge.value().getAsDouble());
        }
        ProcessMetrics.writeTo(text);
        return text.toString();
    }
}

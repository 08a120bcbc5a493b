package org.sbc.core.events;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * The security event sink the edge steps are given. {@link #emit} only counts the event and
 * offers it to a bounded queue, so it never blocks an event loop: when the queue is full the
 * event is dropped and counted ({@code sbc_security_events_dropped_total}). One background thread
 * takes events off the queue, folds repeats ({@link EventSummarizer}), and hands each remaining
 * event to every sink in turn. A sink that throws costs that sink that event, counted
 * ({@code sbc_security_event_sink_failures_total}); the other sinks still get it. Sinks that talk
 * to the network buffer and send on their own threads, so a slow collector cannot stall the rest.
 */
public final class SecurityEventDispatcher implements SecurityEventSink, AutoCloseable {

    private static final Logger LOG = System.getLogger(SecurityEventDispatcher.class.getName());
    /** How often summaries come due, at the latest, when no event arrives. */
    private static final long TICK_MILLIS = 200;
    /** Failures are logged at most this often; the counter has the full number. */
    private static final long FAILURE_LOG_INTERVAL_MILLIS = 60_000;

    private final BlockingQueue<SecurityEvent> queue;
    private final EventSummarizer summarizer;
    private final List<SecurityEventSink> sinks;
    private final Counters counters;
    private final Thread thread;
    private final AtomicLong lastFailureLog = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean closing;

    private SecurityEventDispatcher(int queueSize, EventSummarizer summarizer, List<SecurityEventSink> sinks,
            Counters counters) {
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.summarizer = requireNonNull(summarizer, "summarizer");
        this.sinks = List.copyOf(sinks);
        this.counters = requireNonNull(counters, "counters");
        this.thread = new Thread(this::run, "sbc-security-events");
        this.thread.setDaemon(true);
    }

    /** Starts the delivery thread. Sinks that are {@link AutoCloseable} are closed by {@link #close}. */
    public static SecurityEventDispatcher start(int queueSize, EventSummarizer summarizer,
            List<SecurityEventSink> sinks, Counters counters) {
        SecurityEventDispatcher dispatcher = new SecurityEventDispatcher(queueSize, summarizer, sinks, counters);
        dispatcher.thread.start();
        return dispatcher;
    }

    @Override
    public void emit(SecurityEvent event) {
        requireNonNull(event, "event");
        counters.increment(EventCounters.of(event.type()));
        // Capped before queueing: the queue is bounded in events, and so, with this, in bytes.
        if (closing || !queue.offer(AttackerText.capFields(event))) {
            counters.increment(Counter.SECURITY_EVENTS_DROPPED);
        }
    }

    /** Events waiting for the delivery thread. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        try {
            while (true) {
                SecurityEvent event = queue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                if (event == null && closing) {
                    break; // drained
                }
                try {
                    step(event);
                } catch (RuntimeException bug) {
                    // A bug of ours must cost one event, not the thread: without it every later
                    // event would sit in the queue until it filled.
                    logFailure("security event delivery", bug);
                }
            }
            summarizer.flush().forEach(this::deliverSummary);
        } catch (InterruptedException e) {
            // close() gave up waiting; it counts what is left in the queue as dropped.
        }
    }

    private void step(SecurityEvent event) {
        summarizer.due().forEach(this::deliverSummary);
        if (event == null) {
            return;
        }
        EventSummarizer.Outcome outcome = summarizer.offer(event);
        if (outcome.suppressed()) {
            counters.increment(Counter.SECURITY_EVENTS_SUPPRESSED);
        }
        for (SecurityEvent send : outcome.send()) {
            if (send == event) { // the offered event itself, not a summary
                deliver(send);
            } else {
                deliverSummary(send);
            }
        }
    }

    private void deliverSummary(SecurityEvent summary) {
        counters.increment(Counter.SECURITY_EVENT_SUMMARIES);
        deliver(summary);
    }

    private void deliver(SecurityEvent event) {
        for (SecurityEventSink sink : sinks) {
            try {
                sink.emit(event);
            } catch (RuntimeException e) {
                counters.increment(Counter.SECURITY_EVENT_SINK_FAILURES);
                logFailure("security event sink " + sink.getClass().getSimpleName(), e);
            }
        }
    }

    private void logFailure(String what, RuntimeException e) {
        long now = System.currentTimeMillis();
        long last = lastFailureLog.get();
        if ((last == Long.MIN_VALUE || now - last >= FAILURE_LOG_INTERVAL_MILLIS) && lastFailureLog.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, what + " failed", e);
        }
    }

    /**
     * Stops taking events, delivers what is queued and the pending summaries within
     * {@code timeout}, then closes the sinks.
     */
    public void close(Duration timeout) {
        closing = true;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Left behind by a timeout, or offered by an emit() that raced with closing.
        for (int lost = queue.size(); lost > 0; lost--) {
            counters.increment(Counter.SECURITY_EVENTS_DROPPED);
        }
        for (SecurityEventSink sink : sinks) {
            if (sink instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "closing security event sink " + sink.getClass().getSimpleName(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}

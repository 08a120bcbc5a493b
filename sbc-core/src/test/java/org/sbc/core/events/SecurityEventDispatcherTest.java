package org.sbc.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.TestEvents;

class SecurityEventDispatcherTest {

    private final Counters counters = new Counters();

    /** Collects what reaches it; can be made to hold the delivery thread. */
    private static final class Collecting implements SecurityEventSink, AutoCloseable {
        final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        volatile boolean hold;
        volatile boolean closed;

        @Override
        public void emit(SecurityEvent event) {
            entered.countDown();
            if (hold) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            events.add(event);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private SecurityEventDispatcher start(int queueSize, SecurityEventSink... sinks) {
        return SecurityEventDispatcher.start(queueSize, EventSummarizer.of(60), List.of(sinks), counters);
    }

    @Test
    void deliversEveryEventToEverySinkAndCountsByType() {
        Collecting a = new Collecting();
        Collecting b = new Collecting();
        SecurityEventDispatcher dispatcher = start(16, a, b);

        dispatcher.emit(TestEvents.ban("192.0.2.1", 1));
        dispatcher.emit(TestEvents.scanner("x"));
        dispatcher.close(Duration.ofSeconds(5));

        assertEquals(2, a.events.size());
        assertEquals(2, b.events.size());
        assertTrue(a.closed && b.closed);
        assertEquals(1, counters.get(Counter.SECURITY_EVENTS_BAN));
        assertEquals(1, counters.get(Counter.SECURITY_EVENTS_SCANNER));
        assertEquals(0, counters.get(Counter.SECURITY_EVENTS_DROPPED));
    }

    @Test
    void dropsAndCountsWhenTheQueueIsFullWithoutBlocking() throws Exception {
        Collecting slow = new Collecting();
        slow.hold = true;
        SecurityEventDispatcher dispatcher = start(16, slow);
        dispatcher.emit(TestEvents.ban("192.0.2.200", 1));
        assertTrue(slow.entered.await(5, TimeUnit.SECONDS), "the delivery thread is now held in the sink");

        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            dispatcher.emit(TestEvents.ban("192.0.2." + i, 1));
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertTrue(tookMillis < 1_000, "emit never waits: " + tookMillis + " ms");
        assertEquals(16, dispatcher.queued());
        assertEquals(100 - 16, counters.get(Counter.SECURITY_EVENTS_DROPPED));
        assertEquals(101, counters.get(Counter.SECURITY_EVENTS_BAN), "emitted counts every event, dropped or not");
        slow.release.countDown();
        dispatcher.close(Duration.ofSeconds(5));
        assertEquals(17, slow.events.size());
    }

    @Test
    void isolatesAFailingSink() {
        Collecting good = new Collecting();
        SecurityEventSink broken = event -> {
            throw new IllegalStateException("disk full");
        };
        SecurityEventDispatcher dispatcher = start(16, broken, good);

        dispatcher.emit(TestEvents.ban("192.0.2.1", 1));
        dispatcher.emit(TestEvents.ban("192.0.2.2", 1));
        dispatcher.close(Duration.ofSeconds(5));

        assertEquals(2, good.events.size());
        assertEquals(2, counters.get(Counter.SECURITY_EVENT_SINK_FAILURES));
    }

    @Test
    void summarisesRepeatsAndFlushesTheCountOnClose() {
        Collecting sink = new Collecting();
        SecurityEventDispatcher dispatcher = start(64, sink);

        for (int i = 0; i < 10; i++) {
            dispatcher.emit(TestEvents.scanner("sipvicious"));
        }
        dispatcher.close(Duration.ofSeconds(5));

        assertEquals(2, sink.events.size(), "the first, then one summary");
        assertEquals("9", sink.events.get(1).details().get("count"));
        assertEquals(9, counters.get(Counter.SECURITY_EVENTS_SUPPRESSED));
        assertEquals(1, counters.get(Counter.SECURITY_EVENT_SUMMARIES));
    }

    @Test
    void dropsEventsEmittedAfterClose() {
        SecurityEventDispatcher dispatcher = start(16, new Collecting());
        dispatcher.close(Duration.ofSeconds(5));

        dispatcher.emit(TestEvents.ban("192.0.2.1", 1));

        assertEquals(1, counters.get(Counter.SECURITY_EVENTS_DROPPED));
    }

    @Test
    void keepsTheLastEventsInABoundedRing() {
        RecentEvents recent = new RecentEvents(3);
        SecurityEventDispatcher dispatcher = start(16, recent);
        for (int i = 1; i <= 5; i++) {
            dispatcher.emit(TestEvents.ban("192.0.2." + i, 1));
        }
        dispatcher.close(Duration.ofSeconds(5));

        List<SecurityEvent> kept = recent.snapshot();
        assertEquals(3, kept.size());
        assertEquals("192.0.2.3", kept.get(0).source().getAddress().getHostAddress());
        assertEquals("192.0.2.5", kept.get(2).source().getAddress().getHostAddress());
        String json = recent.toJson(2);
        assertTrue(json.startsWith("{\"events\":[{\"time\":"), json);
        assertEquals(2, ((List<?>) org.sbc.core.testing.Json.object(json).get("events")).size());
    }
}

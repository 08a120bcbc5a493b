package org.sbc.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.sbc.core.testing.TestEvents;

class EventSummarizerTest {

    private final AtomicLong clock = new AtomicLong(TestEvents.TIME.toEpochMilli());
    private final EventSummarizer summarizer = new EventSummarizer(60_000, 3, clock::get);

    @Test
    void passesTheFirstEventAtOnce() {
        SecurityEvent event = TestEvents.scanner("sipvicious");

        EventSummarizer.Outcome outcome = summarizer.offer(event);

        assertFalse(outcome.suppressed());
        assertEquals(1, outcome.send().size());
        assertSame(event, outcome.send().get(0));
    }

    @Test
    void foldsRepeatsIntoOneSummaryPerInterval() {
        SecurityEvent event = TestEvents.scanner("sipvicious");
        summarizer.offer(event);
        for (int port = 1; port <= 41; port++) {
            clock.addAndGet(1_000);
            EventSummarizer.Outcome outcome = summarizer.offer(TestEvents.withPortAndTime(event, port, Instant.now()));
            assertTrue(outcome.suppressed());
            assertTrue(outcome.send().isEmpty());
        }
        assertTrue(summarizer.due().isEmpty(), "interval not over yet");

        clock.addAndGet(19_000);
        List<SecurityEvent> due = summarizer.due();

        assertEquals(1, due.size());
        SecurityEvent summary = due.get(0);
        assertEquals("41", summary.details().get("count"));
        assertEquals("60", summary.details().get("interval_seconds"));
        assertEquals("ua-1", summary.details().get("rule"), "the event's own details stay");
        assertEquals(Instant.ofEpochMilli(clock.get()), summary.time());
        assertEquals(event.userAgent(), summary.userAgent());
        assertEquals(event.source(), summary.source());
    }

    @Test
    void forgetsAKindAfterAQuietInterval() {
        SecurityEvent event = TestEvents.scanner("sipvicious");
        summarizer.offer(event);
        summarizer.offer(event);
        clock.addAndGet(60_000);
        assertEquals(1, summarizer.due().size());
        clock.addAndGet(60_000);

        assertTrue(summarizer.due().isEmpty(), "nothing when quiet");
        assertEquals(0, summarizer.size());
        assertFalse(summarizer.offer(event).suppressed(), "the next one passes at once again");
    }

    @Test
    void settlesAnOverdueIntervalWhenTheNextRepeatArrivesFirst() {
        SecurityEvent event = TestEvents.scanner("sipvicious");
        summarizer.offer(event);
        summarizer.offer(event);
        clock.addAndGet(61_000);

        EventSummarizer.Outcome outcome = summarizer.offer(event);

        assertTrue(outcome.suppressed());
        assertEquals(1, outcome.send().size());
        assertEquals("1", outcome.send().get(0).details().get("count"));
    }

    @Test
    void keepsDifferentSourcesAndFieldsApart() {
        assertFalse(summarizer.offer(TestEvents.scanner("a")).suppressed());
        assertFalse(summarizer.offer(TestEvents.scanner("b")).suppressed());
        assertFalse(summarizer.offer(TestEvents.ban("192.0.2.1", 1)).suppressed());
        assertTrue(summarizer.offer(TestEvents.ban("192.0.2.1", 2)).suppressed(), "the port does not matter");
    }

    @Test
    void boundsTheTableAndSendsTheEvictedCountAtOnce() {
        summarizer.offer(TestEvents.ban("192.0.2.1", 1));
        summarizer.offer(TestEvents.ban("192.0.2.1", 1));
        summarizer.offer(TestEvents.ban("192.0.2.2", 1));
        summarizer.offer(TestEvents.ban("192.0.2.3", 1));

        EventSummarizer.Outcome outcome = summarizer.offer(TestEvents.ban("192.0.2.4", 1));

        assertEquals(3, summarizer.size());
        assertEquals(2, outcome.send().size());
        assertEquals("1", outcome.send().get(0).details().get("count"));
        assertEquals("192.0.2.1", outcome.send().get(0).source().getAddress().getHostAddress());
        assertEquals("192.0.2.4", outcome.send().get(1).source().getAddress().getHostAddress());
    }

    @Test
    void flushSendsEveryPendingCount() {
        summarizer.offer(TestEvents.ban("192.0.2.1", 1));
        summarizer.offer(TestEvents.ban("192.0.2.1", 1));
        summarizer.offer(TestEvents.ban("192.0.2.2", 1));

        List<SecurityEvent> flushed = summarizer.flush();

        assertEquals(1, flushed.size());
        assertEquals(0, summarizer.size());
    }

    @Test
    void keepsOnlyCappedAttackerFields() {
        summarizer.offer(TestEvents.scanner("x".repeat(100_000)));
        summarizer.offer(TestEvents.scanner("x".repeat(100_000)));

        SecurityEvent summary = summarizer.flush().get(0);

        assertEquals(AttackerText.MAX_CHARS, summary.userAgent().orElseThrow().length());
    }
}

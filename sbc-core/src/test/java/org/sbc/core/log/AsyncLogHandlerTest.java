package org.sbc.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class AsyncLogHandlerTest {

    /** Collects what it is given; blocks in publish until released, when asked to. */
    private static final class Collecting extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CountDownLatch release;
        final CountDownLatch entered = new CountDownLatch(1);

        Collecting(boolean blocked) {
            release = new CountDownLatch(blocked ? 1 : 0);
        }

        @Override
        public void publish(LogRecord record) {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void writesEveryRecordInOrderAndAllOfThemOnClose() {
        Collecting target = new Collecting(false);
        AsyncLogHandler handler = new AsyncLogHandler(target, 1_000);
        for (int i = 0; i < 500; i++) {
            handler.publish(new LogRecord(Level.INFO, "line " + i));
        }
        handler.close();
        assertEquals(500, target.lines.size());
        for (int i = 0; i < 500; i++) {
            assertEquals("line " + i, target.lines.get(i));
        }
        assertEquals(0, handler.dropped());
    }

    @Test
    void dropsAndCountsWhatDoesNotFitWhileTheWriterIsStuckAndSaysSoAfter() throws InterruptedException {
        Collecting target = new Collecting(true);
        AsyncLogHandler handler = new AsyncLogHandler(target, 10);
        handler.publish(new LogRecord(Level.INFO, "first"));
        assertTrue(target.entered.await(10, TimeUnit.SECONDS), "the writer took the first record");
        for (int i = 0; i < 25; i++) {
            handler.publish(new LogRecord(Level.INFO, "queued " + i));   // never blocks the caller
        }
        assertEquals(15, handler.dropped());
        target.release.countDown();
        handler.close();
        List<String> written = target.lines.stream().filter(line -> !line.contains("dropped")).toList();
        assertEquals(List.of("first", "queued 0", "queued 1", "queued 2", "queued 3", "queued 4", "queued 5",
                "queued 6", "queued 7", "queued 8", "queued 9"), written);
        assertEquals(1, target.lines.stream().filter(line -> line.startsWith("15 log records dropped")).count(),
                target.lines.toString());
    }

    @Test
    void keepsTheTargetsLevel() {
        Collecting target = new Collecting(false);
        target.setLevel(Level.WARNING);
        AsyncLogHandler handler = new AsyncLogHandler(target, 10);
        handler.publish(new LogRecord(Level.INFO, "below"));
        handler.publish(new LogRecord(Level.WARNING, "at"));
        handler.close();
        assertEquals(List.of("at"), target.lines);
    }
}

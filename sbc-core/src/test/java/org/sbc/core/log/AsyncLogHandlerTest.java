package org.sbc.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class AsyncLogHandlerTest {

    /** Collects what it is given; blocks in publish until released, when asked to. */
    private static final class Collecting extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> sources = new CopyOnWriteArrayList<>();
        final AtomicInteger flushes = new AtomicInteger();
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
            sources.add(record.getSourceClassName() + " " + record.getSourceMethodName());
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }

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
    void namesARecordsSourceByItsLoggerWithoutWalkingAStack() {
        Collecting target = new Collecting(false);
        AsyncLogHandler handler = new AsyncLogHandler(target, 10);
        Logger logger = Logger.getLogger("org.sbc.core.log.AsyncLogHandlerTest.source");
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        try {
            logger.info("call ended");
        } finally {
            logger.removeHandler(handler);
            handler.close();
        }
        // Had JUL walked the stack, the source would be this test class and method.
        assertEquals(List.of("org.sbc.core.log.AsyncLogHandlerTest.source null"), target.sources);
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
    void writesWhatQueuedWithOneFlushPerBatchWithoutBeingAsked() throws InterruptedException {
        Collecting target = new Collecting(false);
        AsyncLogHandler handler = new AsyncLogHandler(target, 1_000);
        for (int i = 0; i < 100; i++) {
            handler.publish(new LogRecord(Level.INFO, "line " + i));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (target.lines.size() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(AsyncLogHandler.BATCH_MILLIS);
        }
        assertEquals(100, target.lines.size(), "written within a few batches, before any close");
        assertTrue(target.flushes.get() >= 1 && target.flushes.get() <= 10, "flushes: " + target.flushes.get());
        handler.close();
    }

    @Test
    void theBatchedConsoleKeepsTheConsolesFormatAndLevelAndLeavesStandardErrorOpen() {
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.FINE);
        console.setFormatter(new java.util.logging.Formatter() {
            @Override
            public String format(LogRecord record) {
                return "formatted " + record.getMessage();
            }
        });
        AsyncLogHandler.BatchedConsole batched = AsyncLogHandler.BatchedConsole.replacing(console);
        assertEquals(Level.FINE, batched.getLevel());
        assertEquals(console.getFormatter(), batched.getFormatter());
        assertEquals(console.getEncoding(), batched.getEncoding());
        batched.close();
        System.err.print(""); // on a closed stream this sets the error flag
        assertFalse(System.err.checkError(), "standard error is still open");
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

package org.sbc.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SourceRateLimitedLogTest {

    private static final long INTERVAL = 60_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int MAX_SOURCES = 100;

    private final RecordingLogger logger = new RecordingLogger();
    private long now = 1_000L;
    private final SourceRateLimitedLog log = new SourceRateLimitedLog(logger, INTERVAL, MAX_SOURCES, () -> now);

    private static InetAddress source(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private void logFrom(int n) {
        log.log(Level.INFO, source(n), () -> "from " + n);
    }

    @Test
    void logsOncePerSourcePerInterval() {
        logFrom(1);
        now += INTERVAL - 1;
        logFrom(1);

        assertEquals(List.of("from 1"), logger.lines);
    }

    @Test
    void logsAgainOnceTheIntervalHasPassed() {
        logFrom(1);
        now += INTERVAL;
        logFrom(1);
        logFrom(1);

        assertEquals(List.of("from 1", "from 1"), logger.lines);
    }

    @Test
    void limitsEachSourceSeparately() {
        logFrom(1);
        logFrom(2);
        logFrom(1);
        logFrom(2);

        assertEquals(List.of("from 1", "from 2"), logger.lines);
    }

    @Test
    void buildsTheMessageOnlyWhenItIsLogged() {
        AtomicInteger built = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            log.log(Level.INFO, source(1), () -> "built " + built.incrementAndGet());
        }

        assertEquals(1, built.get());
    }

    @Test
    void ignoresLevelsTheLoggerDropsWithoutTrackingTheSource() {
        logger.threshold = Level.WARNING;
        AtomicInteger built = new AtomicInteger();

        log.log(Level.INFO, source(1), () -> "built " + built.incrementAndGet());

        assertEquals(0, built.get());
        assertEquals(0, log.trackedSources());
        log.log(Level.WARNING, source(1), () -> "warning");
        assertEquals(List.of("warning"), logger.lines);
    }

    @Test
    void neverTracksMoreThanMaxSourcesUnderAFloodOfSources() {
        for (int n = 0; n < 50 * MAX_SOURCES; n++) {
            logFrom(n);
            now += SECOND / 100;
            assertTrue(log.trackedSources() <= MAX_SOURCES, "tracked " + log.trackedSources());
        }
    }

    @Test
    void letsSourcesBeyondTheTableShareOneAggregateSlot() {
        for (int n = 0; n < MAX_SOURCES; n++) {
            logFrom(n);
        }
        logger.lines.clear();

        for (int n = MAX_SOURCES; n < 3 * MAX_SOURCES; n++) {
            logFrom(n);
        }

        assertEquals(List.of("from " + MAX_SOURCES), logger.lines);
        assertEquals(MAX_SOURCES, log.trackedSources());
    }

    @Test
    void sweepsStaleSourcesSoNewOnesGetTheirOwnSlot() {
        for (int n = 0; n < MAX_SOURCES; n++) {
            logFrom(n);
        }
        now += INTERVAL;
        logger.lines.clear();

        logFrom(MAX_SOURCES);
        logFrom(MAX_SOURCES + 1);

        assertEquals(List.of("from " + MAX_SOURCES, "from " + (MAX_SOURCES + 1)), logger.lines);
        assertEquals(2, log.trackedSources());
    }

    /** A System.Logger that keeps the lines it would have written. */
    private static final class RecordingLogger implements Logger {
        final List<String> lines = new ArrayList<>();
        Level threshold = Level.ALL;

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= threshold.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(params == null || params.length == 0 ? format : MessageFormat.format(format, params));
        }
    }
}

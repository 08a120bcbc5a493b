package org.sbc.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

class LogLineFormatterTest {

    private static final String KEY = AsyncLogHandler.BatchedConsole.SIMPLE_FORMAT;

    /** JUL's own formatter with the SBC's format, which it reads when it is made. */
    private static SimpleFormatter simpleFormatterWithOurFormat() {
        String before = System.getProperty(KEY);
        System.setProperty(KEY, LogLineFormatter.FORMAT);
        try {
            return new SimpleFormatter();
        } finally {
            restore(before);
        }
    }

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty(KEY);
        } else {
            System.setProperty(KEY, before);
        }
    }

    private static LogRecord record(Level level, String logger, String message, Instant at, Object... parameters) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        record.setInstant(at);
        record.setParameters(parameters.length == 0 ? null : parameters);
        return record;
    }

    private static List<LogRecord> records() {
        List<LogRecord> records = new ArrayList<>();
        String calls = "org.sbc.core.events.calls";
        records.add(record(Level.INFO, calls, "call ended ending=bye_from_outside caller=outside",
                Instant.parse("2026-12-07T00:41:07.123Z")));
        // The same second again, other milliseconds: the kept text of the second must not leak.
        records.add(record(Level.WARNING, calls, "second record", Instant.parse("2026-12-07T00:41:07.005Z")));
        records.add(record(Level.INFO, calls, "next second", Instant.parse("2026-12-07T00:41:08Z")));
        records.add(record(Level.SEVERE, "org.sbc.core.SbcServer", "with {0} and {1}",
                Instant.parse("1999-12-31T23:59:59.999Z"), "one", 2));
        records.add(record(Level.FINE, null, null, Instant.parse("0099-01-02T03:04:05.060Z")));
        records.add(record(Level.INFO, "x", "Jürgen Müller \"quoted\" %s %n", Instant.parse("2026-03-29T01:30:00Z")));
        LogRecord thrown = record(Level.WARNING, "org.sbc.core.b2bua", "failed", Instant.parse("2026-07-01T12:00:00.5Z"));
        thrown.setThrown(new IllegalStateException("boom", new RuntimeException("cause")));
        records.add(thrown);
        return records;
    }

    @Test
    void writesWhatSimpleFormatterWritesWithTheSameFormatInSeveralZones() {
        TimeZone zone = TimeZone.getDefault();
        Locale locale = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ROOT);
            for (String id : List.of("UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata")) {
                TimeZone.setDefault(TimeZone.getTimeZone(id));
                SimpleFormatter simple = simpleFormatterWithOurFormat();
                LogLineFormatter ours = new LogLineFormatter();
                for (LogRecord record : records()) {
                    assertEquals(simple.format(record), ours.format(record), id + ": " + record.getMessage());
                }
            }
        } finally {
            TimeZone.setDefault(zone);
            Locale.setDefault(locale);
        }
    }

    @Test
    void theBatchedConsoleTakesItOnlyWhereTheFormatIsOurs() {
        String before = System.getProperty(KEY);
        try {
            System.setProperty(KEY, LogLineFormatter.FORMAT);
            ConsoleHandler console = new ConsoleHandler();
            assertTrue(AsyncLogHandler.BatchedConsole.formatterFor(console) instanceof LogLineFormatter);

            // An operator's own format is kept, and so is a formatter of another kind.
            System.setProperty(KEY, "%5$s%n");
            ConsoleHandler own = new ConsoleHandler();
            own.setFormatter(new SimpleFormatter());
            assertSame(own.getFormatter(), AsyncLogHandler.BatchedConsole.formatterFor(own));
            System.setProperty(KEY, LogLineFormatter.FORMAT);
            ConsoleHandler xml = new ConsoleHandler();
            xml.setFormatter(new java.util.logging.XMLFormatter());
            assertSame(xml.getFormatter(), AsyncLogHandler.BatchedConsole.formatterFor(xml));
        } finally {
            restore(before);
        }
    }
}

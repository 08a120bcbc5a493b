package org.sbc.core.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The SBC's log line, {@code 2026-12-07T00:41:07.123 INFO org.sbc.core.events.calls: call ended ...},
 * written without {@code String.format}: JUL's {@code SimpleFormatter} parses its pattern again
 * for every record and prints each date field through the locale's number formatting, and with
 * a line per ended call that was 2.8 % of the CPU at 3,000 calls/s (on the writer thread, but
 * on a machine the load fills).
 *
 * <p>It writes what {@code SimpleFormatter} writes with {@link #FORMAT} (the format
 * {@code sbc run} sets when none is given): local time to the millisecond, the level's localized
 * name, the logger's name, the formatted message, and a thrown exception's stack trace on the
 * lines after. Digits are ASCII whatever the default locale. The text of the seconds is kept from
 * one record to the next, so a busy log formats a date once a second.
 */
public final class LogLineFormatter extends Formatter {

    /** The {@code java.util.logging.SimpleFormatter.format} this formatter writes. */
    public static final String FORMAT = "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";

    /** The text of one second in one zone: one writer thread mostly, but any thread may format. */
    private record Second(long epochSecond, ZoneId zone, String text) {}

    private volatile Second last = new Second(Long.MIN_VALUE, null, "");

    @Override
    public String format(LogRecord record) {
        Instant instant = record.getInstant();
        String message = formatMessage(record);
        String level = record.getLevel().getLocalizedName();
        String logger = record.getLoggerName();
        StringBuilder line = new StringBuilder(32 + level.length()
                + (logger == null ? 4 : logger.length()) + (message == null ? 4 : message.length()));
        line.append(second(instant)).append('.');
        int millis = instant.getNano() / 1_000_000;
        line.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10));
        line.append(' ').append(level).append(' ').append(logger).append(": ").append(message);
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                out.println();
                record.getThrown().printStackTrace(out);
            }
            line.append(trace);
        }
        return line.append(System.lineSeparator()).toString();
    }

    private String second(Instant instant) {
        ZoneId zone = ZoneId.systemDefault();
        Second kept = last;
        if (kept.epochSecond() == instant.getEpochSecond() && zone.equals(kept.zone())) {
            return kept.text();
        }
        LocalDateTime time = LocalDateTime.ofInstant(instant, zone);
        StringBuilder text = new StringBuilder(19);
        int year = time.getYear();
        if (year < 0) {
            text.append('-');
            year = -year;
        }
        pad(text, year, 4).append('-');
        pad(text, time.getMonthValue(), 2).append('-');
        pad(text, time.getDayOfMonth(), 2).append('T');
        pad(text, time.getHour(), 2).append(':');
        pad(text, time.getMinute(), 2).append(':');
        pad(text, time.getSecond(), 2);
        String formatted = text.toString();
        last = new Second(instant.getEpochSecond(), zone, formatted);
        return formatted;
    }

    /** {@code value} in at least {@code digits} digits, zeros in front. */
    private static StringBuilder pad(StringBuilder out, int value, int digits) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < digits; i++) {
            out.append('0');
        }
        return out.append(text);
    }
}

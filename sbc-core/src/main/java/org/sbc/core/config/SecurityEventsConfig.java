package org.sbc.core.config;

import java.util.List;

/**
 * The {@code security.events:} section: where security events go.
 *
 * @param log one line per event in the application log
 * @param summaryIntervalSeconds identical events from one source within this interval are sent
 *     once, then as one summary per interval carrying the count
 * @param queueSize events waiting for the delivery thread; beyond it new events are dropped
 *     and counted, so that a flood of events can never block or exhaust the event loops
 * @param syslog syslog collectors; none by default
 */
public record SecurityEventsConfig(boolean log, int summaryIntervalSeconds, int queueSize, List<SyslogSinkConfig> syslog) {

    public static final int MIN_SUMMARY_INTERVAL_SECONDS = 1;
    public static final int MAX_SUMMARY_INTERVAL_SECONDS = 3_600;
    public static final int MIN_QUEUE_SIZE = 16;
    public static final int MAX_QUEUE_SIZE = 1_000_000;
    /** Each sink is a connection and, for streams, a thread and a buffer. */
    public static final int MAX_SYSLOG_SINKS = 8;

    public static final SecurityEventsConfig DEFAULT = new SecurityEventsConfig(true, 60, 10_000, List.of());

    public SecurityEventsConfig {
        syslog = List.copyOf(syslog);
        if (summaryIntervalSeconds < MIN_SUMMARY_INTERVAL_SECONDS || summaryIntervalSeconds > MAX_SUMMARY_INTERVAL_SECONDS) {
            throw new IllegalArgumentException("summary_interval_seconds: " + summaryIntervalSeconds + " (expected: "
                    + MIN_SUMMARY_INTERVAL_SECONDS + ".." + MAX_SUMMARY_INTERVAL_SECONDS + ")");
        }
        if (queueSize < MIN_QUEUE_SIZE || queueSize > MAX_QUEUE_SIZE) {
            throw new IllegalArgumentException("queue_size: " + queueSize + " (expected: "
                    + MIN_QUEUE_SIZE + ".." + MAX_QUEUE_SIZE + ")");
        }
        if (syslog.size() > MAX_SYSLOG_SINKS) {
            throw new IllegalArgumentException("syslog: " + syslog.size() + " entries (expected: at most "
                    + MAX_SYSLOG_SINKS + ")");
        }
    }

    public SecurityEventsConfig withSyslog(List<SyslogSinkConfig> syslog) {
        return new SecurityEventsConfig(log, summaryIntervalSeconds, queueSize, syslog);
    }

    public SecurityEventsConfig withLog(boolean log) {
        return new SecurityEventsConfig(log, summaryIntervalSeconds, queueSize, syslog);
    }

    public SecurityEventsConfig withSummaryIntervalSeconds(int seconds) {
        return new SecurityEventsConfig(log, seconds, queueSize, syslog);
    }

    public SecurityEventsConfig withQueueSize(int queueSize) {
        return new SecurityEventsConfig(log, summaryIntervalSeconds, queueSize, syslog);
    }
}

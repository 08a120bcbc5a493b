package org.sbc.core.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sbc.core.config.SecurityEventsConfig;
import org.sbc.core.config.SyslogSinkConfig;
import org.sbc.core.events.syslog.SyslogSink;
import org.sbc.core.metrics.Counters;

/** Builds the running event pipeline from {@code security.events:}. */
public final class SecurityEvents {

    private SecurityEvents() {}

    /**
     * The dispatcher with its sinks: {@code recent} (for the admin API) always, the application
     * log if {@code log: true}, then each syslog collector in config order.
     *
     * @throws IllegalStateException if a syslog sink cannot be opened; those already opened are closed
     */
    public static SecurityEventDispatcher start(SecurityEventsConfig config, Counters counters, RecentEvents recent) {
        List<SecurityEventSink> sinks = new ArrayList<>();
        sinks.add(recent);
        if (config.log()) {
            sinks.add(new LoggingSecurityEventSink());
        }
        try {
            for (SyslogSinkConfig syslog : config.syslog()) {
                sinks.add(SyslogSink.open(syslog, counters, version()));
            }
        } catch (RuntimeException e) {
            sinks.stream().filter(SyslogSink.class::isInstance).map(SyslogSink.class::cast).forEach(SyslogSink::close);
            throw e;
        }
        return SecurityEventDispatcher.start(config.queueSize(), EventSummarizer.of(config.summaryIntervalSeconds()),
                sinks, counters);
    }

    /** The jar's Implementation-Version; {@code dev} when run from classes (tests, the IDE). */
    public static String version() {
        return Optional.ofNullable(SecurityEvents.class.getPackage().getImplementationVersion()).orElse("dev");
    }
}

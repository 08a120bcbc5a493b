package org.sbc.core.edge.reputation;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.feeds.feed.FeedListener;
import org.sbc.feeds.feed.FeedReport;

/**
 * Turns each feed report into counters and one FEED_REFRESH event with its counts. A refresh
 * that changed nothing (304, file unchanged) is counted but not reported: at one feed a second
 * it would bury every other event. Feed text reaches the event only as the threat-feeds module
 * already cut it to printable samples.
 */
final class FeedEvents implements FeedListener {

    /** Events need a source; a feed's report is about no peer. */
    private static final InetSocketAddress NO_PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final SecurityEventSink events;
    private final Counters counters;
    private final InstantSource clock;

    FeedEvents(SecurityEventSink events, Counters counters, InstantSource clock) {
        this.events = requireNonNull(events, "events");
        this.counters = requireNonNull(counters, "counters");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public void onReport(FeedReport report) {
        boolean noCopy = report.outcome() == FeedReport.Outcome.NO_LAST_GOOD;
        if (noCopy && report.detail().isEmpty()) {
            return; // a first start, or a file: feed (its file is its copy): nothing happened
        }
        counters.increment(report.outcome().isFailure() || noCopy ? Counter.FEED_REFRESH_FAILURES : Counter.FEED_REFRESHES);
        if (report.outcome() == FeedReport.Outcome.UNCHANGED) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("feed", report.feed());
        details.put("outcome", report.outcome().name().toLowerCase(Locale.ROOT));
        details.put("entries", Integer.toString(report.entries()));
        details.put("previous_entries", Integer.toString(report.previousEntries()));
        details.put("offered_entries", Integer.toString(report.offeredEntries()));
        details.put("skipped_lines", Integer.toString(report.skipped()));
        if (!report.samples().isEmpty()) {
            details.put("skipped_sample", report.samples().get(0));
        }
        details.put("next_attempt_seconds", Long.toString(report.nextAttempt().toSeconds()));
        details.put("took_ms", Long.toString(report.took().toMillis()));
        String reason = report.detail().isEmpty() ? report.outcome().name().toLowerCase(Locale.ROOT) : report.detail();
        events.emit(new SecurityEvent(clock.instant(), SecurityEventType.FEED_REFRESH, NO_PEER, Optional.empty(),
                "reputation", reason, "enforce", details,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }
}

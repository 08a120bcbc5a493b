package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * What one load or refresh of a feed did, with its counts: what the SBC turns into a
 * security event and counters.
 *
 * @param feed            the feed's name
 * @param outcome         what happened
 * @param entries         entries in force after this attempt
 * @param previousEntries entries in force before it
 * @param offeredEntries  entries in the copy just read (0 when none was read); with
 *                        {@code REFUSED_TRUNCATED} the count that was refused
 * @param skipped         lines of that copy that were not addresses
 * @param samples         the first few of them, printable and cut short
 * @param detail          why a fetch failed or a copy was refused; empty otherwise
 * @param nextAttempt     when the next attempt is due, counting backoff
 * @param took            how long the attempt took, fetch and parse
 */
public record FeedReport(
        String feed,
        Outcome outcome,
        int entries,
        int previousEntries,
        int offeredEntries,
        int skipped,
        List<String> samples,
        String detail,
        Duration nextAttempt,
        Duration took) {

    public FeedReport {
        requireNonNull(feed, "feed");
        requireNonNull(outcome, "outcome");
        samples = List.copyOf(samples);
        requireNonNull(detail, "detail");
        requireNonNull(nextAttempt, "nextAttempt");
        requireNonNull(took, "took");
    }

    public enum Outcome {
        /** A new copy was read and is now in force. */
        UPDATED,
        /** The source has not changed (HTTP 304, or the file's size and time are the same). */
        UNCHANGED,
        /** At start: the last good copy on disk is in force until the first refresh. */
        LOADED_LAST_GOOD,
        /** At start: no copy on disk (first run, or a file: feed, which needs none). */
        NO_LAST_GOOD,
        /** The fetch failed (network, status, size, time, parse); the previous copy stays. */
        FAILED,
        /** The copy had too few entries next to the previous one (truncation guard); the previous stays. */
        REFUSED_TRUNCATED,
        /** No copy was confirmed for longer than the TTL: the feed now lists nothing (fails open). */
        EXPIRED;

        /** True for the outcomes that count as a failure for backoff. */
        public boolean isFailure() {
            return this == FAILED || this == REFUSED_TRUNCATED || this == EXPIRED;
        }
    }
}

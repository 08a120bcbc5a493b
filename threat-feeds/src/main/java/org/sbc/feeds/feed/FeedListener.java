package org.sbc.feeds.feed;

/**
 * Told about every load and refresh of every feed, on the refresh thread. The SBC adapts this to
 * its security events and counters; this module knows neither. An exception thrown here is
 * caught and ignored so that a broken listener cannot stop the refreshes.
 */
@FunctionalInterface
public interface FeedListener {

    FeedListener NONE = report -> { };

    void onReport(FeedReport report);
}

package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * All configured feeds, their lookups and their refresh thread.
 *
 * <p>{@link #start()} puts every last good copy in force before it returns (no network), then
 * refreshes each feed on one daemon thread of its own, each on its own schedule (its refresh
 * interval, or its backoff after a failure). One thread is enough: refreshes are rare, and a
 * slow one is bounded by its feed's timeout. It is never an event loop.
 */
public final class Feeds implements AutoCloseable {

    /** Each feed costs one search per lookup: a bound keeps a lookup within a few microseconds. */
    public static final int MAX_FEEDS = 64;

    private final List<Feed> feeds;
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;

    private Feeds(List<Feed> feeds) {
        this.feeds = List.copyOf(feeds);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "threat-feeds-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static Feeds of(List<Feed> feeds) {
        requireNonNull(feeds, "feeds");
        if (feeds.size() > MAX_FEEDS) {
            throw new IllegalArgumentException("feeds: " + feeds.size() + " (expected: at most " + MAX_FEEDS + ")");
        }
        Set<String> names = new HashSet<>();
        for (Feed feed : feeds) {
            if (!names.add(feed.name())) {
                // names key the last-good files, events and counters: two feeds cannot share one
                throw new IllegalArgumentException("feed name: " + feed.name() + " (expected: unique)");
            }
        }
        return new Feeds(feeds);
    }

    public List<Feed> feeds() {
        return feeds;
    }

    /** Every feed that lists {@code address}, in configuration order. */
    public List<FeedHit> lookup(InetAddress address) {
        byte[] bytes = address.getAddress();
        List<FeedHit> hits = null;
        for (Feed feed : feeds) {
            if (feed.contains(bytes)) {
                if (hits == null) {
                    hits = new ArrayList<>(2);
                }
                FeedDefinition definition = feed.definition();
                hits.add(new FeedHit(definition.name(), definition.action(), definition.weight()));
            }
        }
        return hits == null ? List.of() : hits;
    }

    /** Loads the last good copies now, then schedules a first refresh of every feed at once. */
    public void start() {
        for (Feed feed : feeds) {
            feed.loadLastGood();
        }
        for (Feed feed : feeds) {
            schedule(feed, Duration.ZERO);
        }
    }

    private void schedule(Feed feed, Duration delay) {
        if (closed) {
            return;
        }
        scheduler.schedule(() -> {
            try {
                feed.refresh();
            } finally {
                schedule(feed, feed.nextDelay());
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
    }
}

package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sbc.feeds.internal.Printable;

/**
 * One feed at run time: the copy in force, and the refresh that replaces it.
 *
 * <p>Lookups ({@link #contains}) read one volatile reference and search an immutable set: any
 * thread, no lock. {@link #loadLastGood} and {@link #refresh} run on one refresh thread only
 * ({@link Feeds}'s, or a test's), never on an event loop: they block on disk and
 * network, and build the new set before publishing it with one swap. A failed or refused copy
 * never replaces the one in force; only the TTL can empty a feed.
 */
public final class Feed {

    private final FeedDefinition definition;
    private final FeedFetcher fetcher;
    private final FeedParser parser;
    /** Empty for file: feeds: their file on disk is already their last good copy. */
    private final Optional<LastGoodStore> store;
    private final FeedListener listener;
    private final Clock clock;
    private final Backoff backoff;

    private volatile FeedSnapshot snapshot = FeedSnapshot.EMPTY;
    // refresh-thread state: the validators of the copy in force, and failures in a row
    private FeedFetcher.Validators validators = FeedFetcher.Validators.NONE;
    private int failures;

    public Feed(FeedDefinition definition, FeedFetcher fetcher, Optional<LastGoodStore> store,
            FeedListener listener, Clock clock) {
        this.definition = requireNonNull(definition, "definition");
        this.fetcher = requireNonNull(fetcher, "fetcher");
        this.parser = FeedParser.of(definition);
        this.store = requireNonNull(store, "store");
        this.listener = requireNonNull(listener, "listener");
        this.clock = requireNonNull(clock, "clock");
        this.backoff = Backoff.forRefresh(definition.refresh());
    }

    public FeedDefinition definition() {
        return definition;
    }

    public String name() {
        return definition.name();
    }

    public FeedSnapshot snapshot() {
        return snapshot;
    }

    public boolean contains(InetAddress address) {
        return snapshot.set().contains(address);
    }

    public boolean contains(byte[] address) {
        return snapshot.set().contains(address);
    }

    /**
     * At start, before the first refresh: puts the last good copy on disk in force, unless it is
     * older than the TTL. Never touches the network, so the SBC starts with its feeds offline.
     */
    public FeedReport loadLastGood() {
        long start = System.nanoTime();
        if (store.isEmpty()) {
            return report(FeedReport.Outcome.NO_LAST_GOOD, 0, 0, 0, List.of(), "", Duration.ZERO, start);
        }
        Optional<LastGoodStore.Stored> stored;
        try {
            stored = store.get().load(name(), definition.limits().maxBytes());
        } catch (IOException e) {
            return report(FeedReport.Outcome.NO_LAST_GOOD, 0, 0, 0, List.of(),
                    "last good copy unreadable: " + e.getClass().getSimpleName(), Duration.ZERO, start);
        }
        if (stored.isEmpty()) {
            return report(FeedReport.Outcome.NO_LAST_GOOD, 0, 0, 0, List.of(), "", Duration.ZERO, start);
        }
        if (isExpired(stored.get().confirmedAt())) {
            return report(FeedReport.Outcome.EXPIRED, 0, 0, 0, List.of(),
                    "last good copy confirmed at " + stored.get().confirmedAt() + ", older than the TTL",
                    Duration.ZERO, start);
        }
        FeedParser.Result result = parser.parse(stored.get().body());
        if (result instanceof FeedParser.Result.Parsed parsed) {
            snapshot = new FeedSnapshot(parsed.set(), stored.get().confirmedAt());
            validators = stored.get().validators();
            return report(FeedReport.Outcome.LOADED_LAST_GOOD, 0, parsed.set().entries(), parsed.skipped(),
                    parsed.samples(), "", Duration.ZERO, start);
        }
        return report(FeedReport.Outcome.NO_LAST_GOOD, 0, 0, 0, List.of(),
                "last good copy refused: " + ((FeedParser.Result.Refused) result).reason(), Duration.ZERO, start);
    }

    /** One attempt: fetch, parse, guard, swap, save. Returns its report (the listener gets it too). */
    public FeedReport refresh() {
        long start = System.nanoTime();
        FeedSnapshot before = snapshot;
        Instant now = clock.instant();
        FeedFetcher.Result fetched = fetcher.fetch(validators);
        if (fetched instanceof FeedFetcher.Result.NotModified) {
            snapshot = new FeedSnapshot(before.set(), now);
            return succeeded(FeedReport.Outcome.UNCHANGED, before.entries(), 0, 0, List.of(), start);
        }
        if (fetched instanceof FeedFetcher.Result.Failed failed) {
            return failed(FeedReport.Outcome.FAILED, before, 0, 0, List.of(), failed.reason(), start);
        }
        FeedFetcher.Result.Body body = (FeedFetcher.Result.Body) fetched;
        FeedParser.Result parsed = parser.parse(body.bytes());
        if (parsed instanceof FeedParser.Result.Refused refused) {
            return failed(FeedReport.Outcome.FAILED, before, 0, 0, List.of(), "parse: " + refused.reason(), start);
        }
        FeedParser.Result.Parsed copy = (FeedParser.Result.Parsed) parsed;
        int offered = copy.set().entries();
        if (definition.limits().looksTruncated(before.entries(), offered)) {
            // the validators of a refused copy are not kept: the next request must fetch in full
            return failed(FeedReport.Outcome.REFUSED_TRUNCATED, before, offered, copy.skipped(), copy.samples(),
                    offered + " entries, under " + definition.limits().minKeptRatio() + " of the "
                            + before.entries() + " in force", start);
        }
        snapshot = new FeedSnapshot(copy.set(), now);
        validators = body.validators();
        String saveError = "";
        if (store.isPresent()) {
            try {
                store.get().save(name(), body.bytes(), body.validators(), now);
            } catch (IOException e) {
                // the new copy is in force; only the offline start loses it
                saveError = "last good copy not saved: " + e.getClass().getSimpleName();
            }
        }
        failures = 0;
        return report(FeedReport.Outcome.UPDATED, before.entries(), offered, copy.skipped(), copy.samples(),
                saveError, definition.refresh(), start);
    }

    /** When the next attempt is due after the last one. */
    public Duration nextDelay() {
        return failures == 0 ? definition.refresh() : backoff.delay(failures);
    }

    private FeedReport succeeded(FeedReport.Outcome outcome, int previous, int offered, int skipped,
            List<String> samples, long start) {
        failures = 0;
        return report(outcome, previous, offered, skipped, samples, "", definition.refresh(), start);
    }

    private FeedReport failed(FeedReport.Outcome outcome, FeedSnapshot before, int offered, int skipped,
            List<String> samples, String detail, long start) {
        failures++;
        Duration next = backoff.delay(failures);
        if (before.entries() > 0 && isExpired(before.confirmedAt())) {
            // past the TTL stale entries do more harm than good: addresses change hands
            snapshot = FeedSnapshot.EMPTY;
            return report(FeedReport.Outcome.EXPIRED, before.entries(), offered, skipped, samples,
                    detail + "; no copy confirmed since " + before.confirmedAt(), next, start);
        }
        return report(outcome, before.entries(), offered, skipped, samples, detail, next, start);
    }

    private boolean isExpired(Instant confirmedAt) {
        return confirmedAt.plus(definition.ttl()).isBefore(clock.instant());
    }

    private FeedReport report(FeedReport.Outcome outcome, int previous, int offered, int skipped,
            List<String> samples, String detail, Duration next, long start) {
        FeedReport report = new FeedReport(name(), outcome, snapshot.entries(), previous, offered, skipped,
                samples, Printable.of(detail, 300), next, Duration.ofNanos(System.nanoTime() - start));
        try {
            listener.onReport(report);
        } catch (RuntimeException e) {
            // a broken listener must not stop the refreshes (FeedListener says so)
        }
        return report;
    }
}

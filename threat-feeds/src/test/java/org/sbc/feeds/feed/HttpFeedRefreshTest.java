package org.sbc.feeds.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.feeds.IpLiteral;
import org.sbc.feeds.feed.FeedReport.Outcome;

/** Refreshes against a real HTTP server on loopback: every path the Tests section names. */
class HttpFeedRefreshTest {

    @TempDir
    Path dir;

    private FeedServer server;
    private final HttpClient client = FeedFetcher.defaultClient(Duration.ofSeconds(2));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final List<FeedReport> reports = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = FeedServer.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** {@code count} distinct /32s: 10.0.x.y. */
    private static String list(int count) {
        return IntStream.range(0, count).mapToObj(i -> "10.0." + (i / 256) + "." + (i % 256))
                .collect(Collectors.joining("\n", "# test feed\n", "\n"));
    }

    private FeedDefinition definition(FeedLimits limits) {
        return FeedDefinition.builder("remote", FeedSource.parse(server.uri().toString(), dir, true))
                .refresh(Duration.ofSeconds(300)).action(FeedAction.drop()).ttl(Duration.ofHours(1))
                .limits(limits).build();
    }

    private Feed feed(FeedLimits limits) {
        FeedDefinition definition = definition(limits);
        return new Feed(definition, FeedFetcher.of(definition, client),
                Optional.of(new LastGoodStore(dir.resolve("last-good"))), reports::add, clock);
    }

    private static boolean has(Feed feed, String address) {
        return feed.contains(IpLiteral.parse(address).orElseThrow());
    }

    @Test
    void downloadsThenAsksConditionallyAndKeepsTheCopyOnA304() {
        server.reply(FeedServer.Reply.of(list(3), "\"v1\""));
        Feed feed = feed(FeedLimits.DEFAULTS);
        FeedReport first = feed.refresh();
        assertEquals(Outcome.UPDATED, first.outcome());
        assertEquals(3, first.entries());
        assertTrue(has(feed, "10.0.0.2"));
        assertNull(server.header(0, "If-none-match"), "nothing to validate on the first request");

        FeedReport second = feed.refresh();
        assertEquals(Outcome.UNCHANGED, second.outcome());
        assertEquals("\"v1\"", server.header(1, "If-none-match"));
        assertEquals("Fri, 05 Dec 2026 10:00:00 GMT", server.header(1, "If-modified-since"));
        assertEquals(3, second.entries());
        assertTrue(has(feed, "10.0.0.2"));
        assertEquals(List.of(first, second), reports, "the listener hears every attempt");
    }

    @Test
    void aNewCopyReplacesTheOldOneWhole() {
        server.reply(FeedServer.Reply.of("192.0.2.1\n192.0.2.2\n", "\"a\""));
        Feed feed = feed(FeedLimits.DEFAULTS);
        feed.refresh();
        FeedSnapshot before = feed.snapshot();
        server.reply(FeedServer.Reply.of("198.51.100.1\n198.51.100.2\n", "\"b\""));
        FeedReport report = feed.refresh();
        assertEquals(Outcome.UPDATED, report.outcome());
        assertFalse(has(feed, "192.0.2.1"), "no entry of the old copy survives");
        assertTrue(has(feed, "198.51.100.2"));
        assertTrue(before.set().contains(IpLiteral.parse("192.0.2.1").orElseThrow()),
                "a reader holding the old snapshot still sees it whole: nothing is emptied in place");
    }

    @Test
    void countsGarbageLinesAndQuotesTheFirstFew() {
        server.reply(FeedServer.Reply.of("192.0.2.1\n<html>\nnot-an-ip\n192.0.2.2\n", "\"g\""));
        FeedReport report = feed(FeedLimits.DEFAULTS).refresh();
        assertEquals(Outcome.UPDATED, report.outcome());
        assertEquals(2, report.entries());
        assertEquals(2, report.skipped());
        assertEquals(List.of("<html>", "not-an-ip"), report.samples());
    }

    @Test
    void refusesATruncatedCopyKeepsThePreviousAndFetchesInFullNextTime() {
        server.reply(FeedServer.Reply.of(list(1000), "\"full\""));
        Feed feed = feed(FeedLimits.DEFAULTS);
        feed.refresh();
        server.reply(FeedServer.Reply.of(list(499), "\"cut\""));
        FeedReport refused = feed.refresh();
        assertEquals(Outcome.REFUSED_TRUNCATED, refused.outcome());
        assertEquals(1000, refused.entries());
        assertEquals(499, refused.offeredEntries());
        assertTrue(has(feed, "10.0.3.200"), "entry 1000 of the previous copy is still listed");

        server.reply(FeedServer.Reply.of(list(500), "\"half\""));
        FeedReport accepted = feed.refresh();
        assertEquals("\"full\"", server.header(2, "If-none-match"),
                "the refused copy's ETag is never sent back (its 304 would keep the refused copy)");
        assertEquals(Outcome.UPDATED, accepted.outcome(), "exactly half is kept: the guard refuses < 50 %");
        assertEquals(500, accepted.entries());
    }

    @Test
    void failsASlowBodyAtTheDeadlineAndKeepsThePreviousCopy() {
        server.reply(FeedServer.Reply.of(list(3), "\"v1\""));
        Feed feed = feed(FeedLimits.DEFAULTS.withTimeout(Duration.ofMillis(700)));
        feed.refresh();
        server.reply(FeedServer.Reply.of(list(5), "\"v2\"").withMode(FeedServer.Mode.SLOW_BODY).withDelay(5000));
        long start = System.nanoTime();
        FeedReport report = feed.refresh();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Outcome.FAILED, report.outcome());
        assertTrue(report.detail().startsWith("timed out after 700 ms"), report.detail());
        assertTrue(tookMillis < 3000, "the headers came at once; the deadline still cut the body: " + tookMillis);
        assertEquals(3, report.entries());
    }

    @Test
    void failsASlowServerBeforeItsHeaders() {
        server.reply(FeedServer.Reply.of(list(3), "\"v1\"").withDelay(3000));
        FeedReport report = feed(FeedLimits.DEFAULTS.withTimeout(Duration.ofMillis(500))).refresh();
        assertEquals(Outcome.FAILED, report.outcome());
        assertTrue(report.detail().contains("time"), report.detail());
    }

    @Test
    void refusesAnOversizedBodyWithOrWithoutContentLength() {
        FeedLimits small = FeedLimits.DEFAULTS.withMaxBytes(4096);
        server.reply(FeedServer.Reply.of(list(1000), "\"big\""));  // about 11 KiB
        FeedReport declared = feed(small).refresh();
        assertEquals(Outcome.FAILED, declared.outcome());
        assertEquals("body over max_bytes 4096", declared.detail());

        server.reply(FeedServer.Reply.of(list(1000), "\"big\"").withMode(FeedServer.Mode.CHUNKED));
        FeedReport counted = feed(small).refresh();
        assertEquals(Outcome.FAILED, counted.outcome());
        assertEquals("body over max_bytes 4096", counted.detail(), "no length declared: counted as it arrives");
    }

    @Test
    void failsACopyCutMidBody() {
        server.reply(FeedServer.Reply.of(list(3), "\"v1\""));
        Feed feed = feed(FeedLimits.DEFAULTS);
        feed.refresh();
        server.reply(FeedServer.Reply.of(list(1000), "\"v2\"").withMode(FeedServer.Mode.CUT));
        FeedReport report = feed.refresh();
        assertEquals(Outcome.FAILED, report.outcome());
        assertTrue(report.detail().startsWith("request failed"), report.detail());
        assertEquals(3, report.entries());
    }

    @Test
    void backsOffExponentiallyOnFailuresAndResetsOnSuccess() {
        server.reply(new FeedServer.Reply(503, "busy", null, null, 0, FeedServer.Mode.NORMAL));
        Feed feed = feed(FeedLimits.DEFAULTS);
        List<Duration> delays = IntStream.range(0, 4).mapToObj(i -> {
            FeedReport report = feed.refresh();
            assertEquals(Outcome.FAILED, report.outcome());
            assertEquals("HTTP 503", report.detail(), "our words, never the server's body");
            return report.nextAttempt();
        }).toList();
        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(240)), delays);
        assertEquals(Duration.ofSeconds(240), feed.nextDelay());
        server.reply(FeedServer.Reply.of(list(3), "\"v1\""));
        assertEquals(Duration.ofSeconds(300), feed.refresh().nextAttempt());
        assertEquals(Duration.ofSeconds(300), feed.nextDelay());
    }

    @Test
    void startsOfflineFromTheLastGoodCopyAndRevalidatesIt() throws Exception {
        server.reply(FeedServer.Reply.of(list(200), "\"v7\""));
        feed(FeedLimits.DEFAULTS).refresh();
        server.close();

        // a restart: a new Feed over the same folder, the provider unreachable
        Feed restarted = feed(FeedLimits.DEFAULTS);
        assertFalse(has(restarted, "10.0.0.1"));
        FeedReport loaded = restarted.loadLastGood();
        assertEquals(Outcome.LOADED_LAST_GOOD, loaded.outcome());
        assertEquals(200, loaded.entries());
        assertTrue(has(restarted, "10.0.0.199"));
        FeedReport offline = restarted.refresh();
        assertEquals(Outcome.FAILED, offline.outcome());
        assertTrue(has(restarted, "10.0.0.199"), "offline, the last good copy stays in force");
        assertTrue(Files.exists(dir.resolve("last-good/remote.feed")));
        try (var files = Files.list(dir.resolve("last-good"))) {
            assertEquals(List.of("remote.feed", "remote.meta"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left behind");
        }
    }

    @Test
    void sendsTheStoredValidatorsAfterARestart() throws Exception {
        server.reply(FeedServer.Reply.of(list(5), "\"v9\""));
        feed(FeedLimits.DEFAULTS).refresh();
        Feed restarted = feed(FeedLimits.DEFAULTS);
        restarted.loadLastGood();
        assertEquals(Outcome.UNCHANGED, restarted.refresh().outcome());
        assertEquals("\"v9\"", server.header(1, "If-none-match"));
    }

    @Test
    void stopsMatchingOnceNoCopyWasConfirmedForTheTtl() {
        server.reply(FeedServer.Reply.of(list(5), "\"v1\""));
        Feed feed = feed(FeedLimits.DEFAULTS);
        feed.refresh();
        server.reply(new FeedServer.Reply(500, "", null, null, 0, FeedServer.Mode.NORMAL));
        clock.advance(Duration.ofMinutes(59));
        assertEquals(Outcome.FAILED, feed.refresh().outcome());
        assertTrue(has(feed, "10.0.0.1"));
        clock.advance(Duration.ofMinutes(2));
        FeedReport expired = feed.refresh();
        assertEquals(Outcome.EXPIRED, expired.outcome());
        assertEquals(0, expired.entries());
        assertEquals(5, expired.previousEntries());
        assertFalse(has(feed, "10.0.0.1"));
    }

    @Test
    void aLastGoodCopyOlderThanTheTtlIsNotLoaded() {
        server.reply(FeedServer.Reply.of(list(5), "\"v1\""));
        feed(FeedLimits.DEFAULTS).refresh();
        clock.advance(Duration.ofHours(2));
        Feed restarted = feed(FeedLimits.DEFAULTS);
        assertEquals(Outcome.EXPIRED, restarted.loadLastGood().outcome());
        assertFalse(has(restarted, "10.0.0.1"));
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheRefresh() {
        server.reply(FeedServer.Reply.of(list(2), "\"v1\""));
        FeedDefinition definition = definition(FeedLimits.DEFAULTS);
        Feed feed = new Feed(definition, FeedFetcher.of(definition, client), Optional.empty(),
                report -> { throw new IllegalStateException("broken listener"); }, clock);
        assertEquals(Outcome.UPDATED, feed.refresh().outcome());
        assertTrue(has(feed, "10.0.0.1"));
    }
}

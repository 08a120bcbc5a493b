package org.sbc.feeds.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.feeds.IpLiteral;
import org.sbc.feeds.feed.FeedReport.Outcome;

/** Local file feeds: real files, real modification times, and the real refresh thread. */
class FileFeedRefreshTest {

    @TempDir
    Path dir;

    private final HttpClient client = FeedFetcher.defaultClient(Duration.ofSeconds(1));
    private final List<FeedReport> reports = new CopyOnWriteArrayList<>();

    private static InetAddress ip(String text) {
        return IpLiteral.parse(text).orElseThrow();
    }

    private Feed fileFeed(String name, String file, Duration refresh) {
        FeedDefinition definition = FeedDefinition.builder(name, FeedSource.parse("file:" + file, dir))
                .refresh(refresh).action(FeedAction.ban(Duration.ofHours(1))).build();
        return new Feed(definition, FeedFetcher.of(definition, client), Optional.empty(), reports::add,
                Clock.systemUTC());
    }

    /** Writes like an updater should (beside, then rename) and moves the time on, as a later write would. */
    private void write(String file, String text, int secondsLater) throws Exception {
        Path target = dir.resolve(file);
        Path temp = dir.resolve(file + ".tmp");
        Files.writeString(temp, text);
        Files.setLastModifiedTime(temp, FileTime.from(Instant.now().plusSeconds(secondsLater)));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void readsTheFileAgainOnlyWhenItChanges() throws Exception {
        write("voip-attackers.txt", "192.0.2.1\n", 0);
        Feed feed = fileFeed("local-list", "voip-attackers.txt", Duration.ofSeconds(1));
        assertEquals(Outcome.NO_LAST_GOOD, feed.loadLastGood().outcome(), "the file is its own last good copy");
        assertEquals(Outcome.UPDATED, feed.refresh().outcome());
        assertEquals(Outcome.UNCHANGED, feed.refresh().outcome());
        assertTrue(feed.contains(ip("192.0.2.1")));

        write("voip-attackers.txt", "192.0.2.2\n", 2);
        assertEquals(Outcome.UPDATED, feed.refresh().outcome());
        assertFalse(feed.contains(ip("192.0.2.1")));
        assertTrue(feed.contains(ip("192.0.2.2")));
    }

    @Test
    void keepsThePreviousListWhenTheFileDisappearsOrIsTruncated() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            many.append("198.51.100.").append(i).append('\n');
        }
        write("list.txt", many.toString(), 0);
        Feed feed = fileFeed("list", "list.txt", Duration.ofSeconds(1));
        feed.refresh();
        write("list.txt", "198.51.100.1\n", 2);
        FeedReport truncated = feed.refresh();
        assertEquals(Outcome.REFUSED_TRUNCATED, truncated.outcome());
        assertTrue(feed.contains(ip("198.51.100.199")));
        Files.delete(dir.resolve("list.txt"));
        FeedReport missing = feed.refresh();
        assertEquals(Outcome.FAILED, missing.outcome());
        assertEquals("no such file", missing.detail());
        assertEquals(200, missing.entries());
        assertEquals(Duration.ofSeconds(2), missing.nextAttempt(), "second failure in a row: 1 s doubled");
    }

    @Test
    void refusesAFileOverItsSizeLimitBeforeReadingIt() throws Exception {
        write("big.txt", "192.0.2.1\n".repeat(200), 0);
        FeedDefinition definition = FeedDefinition.builder("big", FeedSource.parse("file:big.txt", dir))
                .refresh(Duration.ofSeconds(1)).limits(FeedLimits.DEFAULTS.withMaxBytes(1024)).build();
        Feed feed = new Feed(definition, FeedFetcher.of(definition, client), Optional.empty(), reports::add,
                Clock.systemUTC());
        FeedReport report = feed.refresh();
        assertEquals(Outcome.FAILED, report.outcome());
        assertEquals("file of 2000 bytes over max_bytes 1024", report.detail());
    }

    /** The Contract's refresh_seconds: 1 for file: feeds, on the real scheduler thread. */
    @Test
    void theRefreshThreadPicksUpAnEditWithinAboutASecond() throws Exception {
        write("a.txt", "192.0.2.1\n", 0);
        write("b.txt", "2001:db8::1\n", 0);
        try (Feeds feeds = Feeds.of(List.of(fileFeed("a", "a.txt", Duration.ofSeconds(1)),
                fileFeed("b", "b.txt", Duration.ofSeconds(1))))) {
            feeds.start();
            // each feed has its own first refresh: wait for both, not only the first
            waitFor(() -> feeds.lookup(ip("192.0.2.1")).size() == 1 && feeds.lookup(ip("2001:db8::1")).size() == 1,
                    "first load");
            assertEquals(List.of(new FeedHit("a", FeedAction.ban(Duration.ofHours(1)), 100)),
                    feeds.lookup(ip("192.0.2.1")));
            assertEquals("b", feeds.lookup(ip("2001:db8::1")).get(0).feed());
            assertEquals(List.of(), feeds.lookup(ip("192.0.2.9")));
            write("a.txt", "192.0.2.1\n192.0.2.9\n", 2);
            long start = System.nanoTime();
            waitFor(() -> !feeds.lookup(ip("192.0.2.9")).isEmpty(), "the edit");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 2500, "seen after " + millis + " ms with refresh_seconds 1");
            // b is refreshed on its own schedule too: its next look finds the file unchanged
            waitFor(() -> reports.stream().anyMatch(r -> r.feed().equals("b") && r.outcome() == Outcome.UNCHANGED),
                    "b refreshed, unchanged");
        }
    }

    @Test
    void refusesTwoFeedsWithOneName() {
        assertThrows(IllegalArgumentException.class, () -> Feeds.of(List.of(
                fileFeed("same", "a.txt", Duration.ofSeconds(1)), fileFeed("same", "b.txt", Duration.ofSeconds(1)))));
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}

package org.sbc.feeds.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.feeds.IpLiteral;

/**
 * APIBAN's paged list against a server on loopback that answers as APIBAN does: a batch and the
 * ID of the next, then a 400 {@code {"ipaddress":["no new bans"],"ID":"none"}}.
 */
class ApibanFetcherTest {

    private static final String LIST = "/api/TESTKEY/banned";
    private static final String END = "{\"ipaddress\":[\"no new bans\"],\"ID\":\"none\"}";

    @TempDir
    Path dir;

    private record Page(int status, String body, long delayMillis) {}

    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.42.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api", exchange -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(path);
            Page page = pages.getOrDefault(path, new Page(404, "{}", 0));
            try {
                Thread.sleep(page.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = page.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(page.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI list() {
        return URI.create("http://127.0.42.1:" + server.getAddress().getPort() + LIST);
    }

    private Feed feed() {
        FeedDefinition definition = FeedDefinition.builder("apiban", FeedSource.parse(list().toString(), dir, true))
                .format(FeedFormat.APIBAN).action(FeedAction.drop()).build();
        return new Feed(definition, FeedFetcher.of(definition, client), Optional.empty(), report -> {}, Clock.systemUTC());
    }

    private void threePages() {
        pages.put(LIST + "/100", new Page(200, "{\"ipaddress\":[\"192.0.2.1\",\"192.0.2.2\"],\"ID\":\"1700000001\"}", 0));
        pages.put(LIST + "/1700000001", new Page(200, "{\"ipaddress\":[\"198.51.100.7\",{\"x\":1}],\"ID\":1700000002}", 0));
        pages.put(LIST + "/1700000002", new Page(400, END, 0));
    }

    private static boolean has(Feed feed, String address) {
        return feed.contains(IpLiteral.parse(address).orElseThrow());
    }

    @Test
    void walksEveryPageAndListsTheWholeList() {
        threePages();
        Feed feed = feed();

        FeedReport report = feed.refresh();

        assertEquals(FeedReport.Outcome.UPDATED, report.outcome(), report.detail());
        assertEquals(List.of(LIST + "/100", LIST + "/1700000001", LIST + "/1700000002"), asked);
        assertEquals(3, report.entries(), "the first page alone would list 2");
        assertEquals(1, report.skipped(), "the object in page 2 is a bad line, the end's message none");
        assertTrue(has(feed, "192.0.2.1") && has(feed, "192.0.2.2") && has(feed, "198.51.100.7"));
    }

    @Test
    void aPageThatFailsFailsTheWholeCopyAndThePreviousStays() {
        threePages();
        Feed feed = feed();
        feed.refresh();
        pages.put(LIST + "/100", new Page(200, "{\"ipaddress\":[\"203.0.113.9\"],\"ID\":\"1700000001\"}", 0));
        pages.put(LIST + "/1700000001", new Page(503, "busy", 0));

        FeedReport report = feed.refresh();

        assertEquals(FeedReport.Outcome.FAILED, report.outcome());
        assertEquals("HTTP 503, page 2", report.detail());
        assertTrue(has(feed, "198.51.100.7"), "half a list is a truncated list: the previous copy stays");
        assertFalse(has(feed, "203.0.113.9"));
    }

    @Test
    void refusesAnIdThatIsNoLaterNumberAndApibansRefusals() {
        pages.put(LIST + "/100", new Page(200, "{\"ipaddress\":[\"192.0.2.1\"],\"ID\":\"100\"}", 0));
        assertEquals("apiban: next ID not a later number, page 1", feed().refresh().detail(), "a loop");
        pages.put(LIST + "/100", new Page(200, "{\"ipaddress\":[\"192.0.2.1\"],\"ID\":\"../../admin\"}", 0));
        assertEquals("apiban: next ID not a later number, page 1", feed().refresh().detail(), "another path");
        pages.put(LIST + "/100", new Page(400, "{\"ipaddress\":[\"unauthorized\"],\"ID\":\"unauthorized\"}", 0));
        assertEquals("apiban: refused (HTTP 400), page 1", feed().refresh().detail());
        pages.put(LIST + "/100", new Page(200, "<html>maintenance</html>", 0));
        assertEquals("apiban: not well-formed JSON, page 1", feed().refresh().detail());
    }

    @Test
    void boundsTheWholeWalkInSizeAndTime() {
        String batch = "{\"ipaddress\":[" + "\"192.0.2.1\",".repeat(60) + "\"192.0.2.2\"],\"ID\":\"%s\"}";
        pages.put(LIST + "/100", new Page(200, batch.formatted("1700000001"), 0));
        pages.put(LIST + "/1700000001", new Page(200, batch.formatted("1700000002"), 0));
        pages.put(LIST + "/1700000002", new Page(400, END, 0));
        ApibanFetcher small = new ApibanFetcher(client, list(), 1_200, Duration.ofSeconds(5));
        FeedFetcher.Result.Failed tooBig = (FeedFetcher.Result.Failed) small.fetch(FeedFetcher.Validators.NONE);
        assertEquals("pages over max_bytes 1200, page 2", tooBig.reason(), "each page is ~770 bytes: the second passes 1,200");

        pages.put(LIST + "/1700000001", new Page(200, batch.formatted("1700000002"), 3_000));
        ApibanFetcher quick = new ApibanFetcher(client, list(), 1 << 20, Duration.ofMillis(800));
        long start = System.nanoTime();
        FeedFetcher.Result.Failed slow = (FeedFetcher.Result.Failed) quick.fetch(FeedFetcher.Validators.NONE);
        assertTrue(slow.reason().startsWith("timed out after"), slow.reason());
        assertTrue(System.nanoTime() - start < 2_500_000_000L, "the walk's deadline, not one per page");
    }
}

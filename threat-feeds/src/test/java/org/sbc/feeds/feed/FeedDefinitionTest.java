package org.sbc.feeds.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FeedDefinitionTest {

    private static final Path CONFIG_DIR = Path.of("/etc/sbc");

    @Test
    void resolvesFilePathsAgainstTheConfigFolder() {
        FeedSource source = FeedSource.parse("file:feeds/voip-attackers.txt", CONFIG_DIR);
        assertEquals(new FeedSource.FileSource(Path.of("/etc/sbc/feeds/voip-attackers.txt")), source);
        assertEquals(new FeedSource.FileSource(Path.of("/var/lib/x.txt")), FeedSource.parse("file:/var/lib/x.txt", CONFIG_DIR));
    }

    @Test
    void acceptsHttpsAndRefusesPlainHttpCredentialsAndOtherSchemes() {
        assertInstanceOf(FeedSource.HttpSource.class, FeedSource.parse("https://apiban.org/api/KEY/banned", CONFIG_DIR));
        for (String bad : new String[] {"http://feeds.example/list.txt", "https://user:pw@feeds.example/x",
                "ftp://feeds.example/x", "feeds/x.txt", "file:", "https:///nohost"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FeedSource.parse(bad, CONFIG_DIR), bad);
            assertTrue(e.getMessage().startsWith("url: " + bad + " (expected: "), e.getMessage());
        }
    }

    @Test
    void allowsPlainHttpOnlyToLoopbackAndOnlyWhenAsked() {
        assertThrows(IllegalArgumentException.class, () -> FeedSource.parse("http://127.0.0.1:8080/x", CONFIG_DIR));
        assertInstanceOf(FeedSource.HttpSource.class, FeedSource.parse("http://127.0.0.1:8080/x", CONFIG_DIR, true));
        assertInstanceOf(FeedSource.HttpSource.class, FeedSource.parse("http://[::1]:8080/x", CONFIG_DIR, true));
        assertThrows(IllegalArgumentException.class, () -> FeedSource.parse("http://localhost/x", CONFIG_DIR, true),
                "a name needs DNS, which may not say loopback");
        assertThrows(IllegalArgumentException.class, () -> FeedSource.parse("http://192.0.2.1/x", CONFIG_DIR, true));
    }

    @Test
    void acceptsOneSecondRefreshForFilesButNotForHttps() {
        FeedDefinition.builder("local", FeedSource.parse("file:x.txt", CONFIG_DIR)).refresh(Duration.ofSeconds(1)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeedDefinition.builder("remote", FeedSource.parse("https://feeds.example/x", CONFIG_DIR))
                        .refresh(Duration.ofSeconds(1)).build());
        assertEquals("feed remote: refresh_seconds: 1 (expected: 60..604800 for https sources)", e.getMessage());
    }

    @Test
    void reportsEveryErrorAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeedDefinition.builder("bad name", FeedSource.parse("file:x", CONFIG_DIR))
                        .format(FeedFormat.CSV).refresh(Duration.ZERO).weight(101).ttl(Duration.ZERO).build());
        String message = e.getMessage();
        assertTrue(message.contains("feed name: bad name (expected: "), message);
        assertTrue(message.contains("csv_column: none"), message);
        assertTrue(message.contains("refresh_seconds: 0 (expected: 1..604800"), message);
        assertTrue(message.contains("weight: 101 (expected: 0..100)"), message);
        assertTrue(message.contains("ttl_seconds: 0"), message);
    }

    @Test
    void refusesACsvColumnOnOtherFormatsAndAZeroColumn() {
        assertThrows(IllegalArgumentException.class,
                () -> FeedDefinition.builder("a", FeedSource.parse("file:x", CONFIG_DIR)).csvColumn("ip").build());
        assertThrows(IllegalArgumentException.class, () -> FeedDefinition.builder("a", FeedSource.parse("file:x", CONFIG_DIR))
                .format(FeedFormat.CSV).csvColumn("0").build());
    }

    @Test
    void boundsBansAndLimits() {
        assertThrows(IllegalArgumentException.class, () -> FeedAction.ban(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> FeedAction.ban(Duration.ofDays(366)));
        assertEquals("ban", FeedAction.ban(Duration.ofHours(1)).key());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FeedLimits(10, Duration.ZERO, 0, 2, -1));
        assertTrue(e.getMessage().contains("max_bytes: 10 (expected: 1024..1073741824)"), e.getMessage());
        assertTrue(e.getMessage().contains("min_kept_ratio: 2.0"), e.getMessage());
    }

    @Test
    void defaultsAreSafe() {
        FeedDefinition feed = FeedDefinition.builder("a", FeedSource.parse("file:x", CONFIG_DIR)).build();
        assertEquals("label", feed.action().key(), "a feed blocks only when its config says so");
        assertEquals(64L << 20, feed.limits().maxBytes());
        assertEquals(0.5, feed.limits().minKeptRatio());
    }

    @Test
    void backsOffExponentiallyUpToItsCap() {
        Backoff backoff = Backoff.forRefresh(Duration.ofSeconds(300));
        assertEquals(Duration.ofSeconds(30), backoff.delay(1));
        assertEquals(Duration.ofSeconds(60), backoff.delay(2));
        assertEquals(Duration.ofSeconds(480), backoff.delay(5));
        assertEquals(Duration.ofMinutes(15), backoff.delay(6));
        assertEquals(Duration.ofMinutes(15), backoff.delay(1000));
        assertEquals(Duration.ofSeconds(1), Backoff.forRefresh(Duration.ofSeconds(1)).delay(1));
    }
}

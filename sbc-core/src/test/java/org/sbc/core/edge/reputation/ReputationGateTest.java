package org.sbc.core.edge.reputation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.testing.TestPeers.address;
import static org.sbc.core.testing.TestPeers.ip;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.ban.BanGate;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.ConnectionRegistry;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.feeds.IpPrefix;
import org.sbc.feeds.geoip.MmdbWriter;

/** The gate with real feed files read by the production loader and refresh thread. */
class ReputationGateTest {

    @TempDir
    Path dir;

    private final Counters counters = new Counters();
    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private ReputationSources sources;

    @AfterEach
    void close() {
        if (sources != null) {
            sources.close();
        }
    }

    private EmbeddedChannel gate(String security) throws Exception {
        return gate(security, 3);
    }

    private EmbeddedChannel gate(String security, int feeds) throws Exception {
        return gate(security, feeds, ReputationSources.GEOIP_CHECK);
    }

    private EmbeddedChannel gate(String security, int feeds, java.time.Duration geoipCheck) throws Exception {
        Files.writeString(dir.resolve("drop.txt"), "# attackers\n203.0.113.0/24 ; a scanner net\n192.0.2.10\nnot-an-ip\n");
        Files.writeString(dir.resolve("ban.txt"), "198.51.100.7\n");
        Files.writeString(dir.resolve("label.txt"), "198.51.100.8\n");
        Path file = dir.resolve("sbc.yaml");
        Files.writeString(file, security);
        SbcConfig config = ConfigLoader.load(file);
        BanTable bans = new BanTable(config.security().ban().withStateFile(java.util.Optional.empty()),
                new Exemptions(config.security().trusted(), config.security().allow()), events::add, counters,
                Clock.systemUTC());
        sources = ReputationSources.start(config.security(), bans, events::add, counters, Clock.systemUTC(), geoipCheck);
        awaitRefreshes(feeds);
        return new EmbeddedChannel(new BanGate(sources.reputation(), new ConnectionRegistry(counters), counters));
    }

    private void awaitRefreshes(int feeds) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (events.stream().filter(e -> e.type() == SecurityEventType.FEED_REFRESH
                && "updated".equals(e.details().get("outcome"))).count() < feeds) {
            assertTrue(System.nanoTime() < deadline, "feeds not loaded within 5 s: " + events);
            Thread.sleep(10);
        }
    }

    private static final String FEEDS = """
            security:
              trusted: [192.0.2.10]
              allow: [203.0.113.9]
              feeds:
                - name: drop-list
                  url: file:drop.txt
                  format: plain
                  action: drop
                  refresh_seconds: 1
                - name: ban-list
                  url: file:ban.txt
                  action: ban
                  ban_seconds: 60
                - name: label-list
                  url: file:label.txt
              ban:
                state_file: ""
            """;

    private static final String DENY_RU = """
            security:
              geoip:
                country_database: country.mmdb
                deny_countries: [RU]
              ban:
                state_file: ""
            """;

    private static boolean passes(EmbeddedChannel channel, String from) {
        DatagramPacket packet = new DatagramPacket(
                Unpooled.copiedBuffer("OPTIONS sip:x SIP/2.0\r\n\r\n", StandardCharsets.US_ASCII),
                address("127.0.0.1", 5060), address(from, 5060));
        boolean passed = channel.writeInbound(packet);
        if (passed) {
            ((DatagramPacket) channel.readInbound()).release();
        } else {
            assertEquals(0, packet.refCnt(), "a dropped datagram is released");
        }
        return passed;
    }

    @Test
    void dropsAListedSourceOnItsFirstDatagram() throws Exception {
        EmbeddedChannel channel = gate(FEEDS);
        assertFalse(passes(channel, "203.0.113.77"));
        assertEquals(1, counters.get(Counter.FEED_DROPPED));
        assertTrue(passes(channel, "203.0.114.1"));
    }

    @Test
    void passesTrustedAndAllowedSourcesInAFeedAndReportsEachOnce() throws Exception {
        EmbeddedChannel channel = gate(FEEDS);
        assertTrue(passes(channel, "192.0.2.10"));
        assertTrue(passes(channel, "192.0.2.10"));
        assertTrue(passes(channel, "203.0.113.9"));
        assertEquals(3, counters.get(Counter.FEED_EXEMPT_HITS));
        List<SecurityEvent> exempt = events.stream().filter(e -> e.type() == SecurityEventType.FEED_EXEMPT).toList();
        assertEquals(2, exempt.size(), exempt.toString());
        assertEquals("listed by feed drop-list, allowed by security.trusted", exempt.get(0).reason());
        assertEquals("listed by feed drop-list, allowed by security.allow", exempt.get(1).reason());
    }

    @Test
    void bansASourceThatABanFeedLists() throws Exception {
        EmbeddedChannel channel = gate(FEEDS);
        assertFalse(passes(channel, "198.51.100.7"));
        assertEquals(BanReason.FEED,
                sources.reputation().bans().get(IpPrefix.of(ip("198.51.100.7"))).orElseThrow().reason());
        assertFalse(passes(channel, "198.51.100.7"));
        assertEquals(1, counters.get(Counter.FEED_BANNED));
        assertEquals(1, counters.get(Counter.BAN_DATAGRAMS_DROPPED), "the second datagram dies at the ban");
    }

    @Test
    void labelsWithoutBlockingForALabelFeed() throws Exception {
        EmbeddedChannel channel = gate(FEEDS);
        assertTrue(passes(channel, "198.51.100.8"));
        assertEquals(1, counters.get(Counter.FEED_LABELLED));
        SourceLabels labels = sources.reputation().labels(ip("198.51.100.8"));
        assertEquals("label-list", labels.feeds().get(0).feed());
        assertEquals(100, labels.feeds().get(0).weight());
    }

    @Test
    void countsButPassesWhatAFeedInMonitorModeWouldBlock() throws Exception {
        EmbeddedChannel channel = gate(FEEDS.replace("action: drop\n", "action: drop\n      mode: monitor\n"));
        assertTrue(passes(channel, "203.0.113.77"));
        assertEquals(0, counters.get(Counter.FEED_DROPPED));
        assertEquals(1, counters.get(Counter.FEED_MONITORED));
        assertEquals("drop-list", sources.reputation().labels(ip("203.0.113.77")).feeds().get(0).feed());
    }

    @Test
    void dropsARefusedCountryOrOnlyCountsItInMonitorMode() throws Exception {
        new MmdbWriter("ip-location-db-country").put("203.0.113.0/24", Map.of("country_code", "RU"))
                .write(dir.resolve("country.mmdb"));
        String geoip = DENY_RU;
        EmbeddedChannel enforcing = gate(geoip, 0);
        assertFalse(passes(enforcing, "203.0.113.5"));
        assertTrue(passes(enforcing, "198.51.100.5"), "unknown country passes");
        assertEquals(1, counters.get(Counter.GEOIP_DROPPED));
        sources.close();
        EmbeddedChannel monitoring = gate(geoip.replace("deny_countries: [RU]", "deny_countries: [RU]\n    mode: monitor"), 0);
        assertTrue(passes(monitoring, "203.0.113.5"));
        assertEquals(1, counters.get(Counter.GEOIP_MONITORED));
        assertEquals("RU", sources.reputation().labels(ip("203.0.113.5")).geo().country());
    }

    @Test
    void dropsEveryKnownCountryOutsideTheAllowListButPassesUnknownAndExemptSources() throws Exception {
        new MmdbWriter("ip-location-db-country")
                .put("203.0.113.0/24", Map.of("country_code", "RU"))
                .put("198.51.100.0/24", Map.of("country_code", "DE"))
                .put("192.0.2.0/24", Map.of("country_code", "FR"))
                .write(dir.resolve("country.mmdb"));
        EmbeddedChannel channel = gate("""
                security:
                  allow: [203.0.113.9]
                  geoip:
                    country_database: country.mmdb
                    allow_countries: [de, fr]
                  ban:
                    state_file: ""
                """, 0);
        assertFalse(passes(channel, "203.0.113.5"), "a known country outside the list is dropped");
        assertTrue(passes(channel, "198.51.100.5"), "an allowed country passes");
        assertTrue(passes(channel, "192.0.2.5"), "so does the other");
        assertTrue(passes(channel, "100.64.0.1"), "an unknown country passes (fails open)");
        assertTrue(passes(channel, "203.0.113.9"), "security.allow outranks the country rule");
        assertEquals(1, counters.get(Counter.GEOIP_DROPPED));
    }

    /** The running SBC's reload: a new database file, written beside and renamed over, is in force within its check. */
    @Test
    void takesANewCountryDatabaseWhenItsFileChanges() throws Exception {
        Path database = dir.resolve("country.mmdb");
        new MmdbWriter("ip-location-db-country").put("203.0.113.0/24", Map.of("country_code", "RU")).write(database);
        EmbeddedChannel channel = gate(DENY_RU, 0, java.time.Duration.ofMillis(100));
        assertFalse(passes(channel, "203.0.113.5"));

        Path next = dir.resolve("country.mmdb.new");
        new MmdbWriter("ip-location-db-country").put("203.0.113.0/25", Map.of("country_code", "DE"))
                .put("203.0.113.128/25", Map.of("country_code", "RU")).write(next);
        Files.setLastModifiedTime(next, java.nio.file.attribute.FileTime.from(
                Files.getLastModifiedTime(database).toInstant().plusSeconds(1)));
        Files.move(next, database, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (counters.get(Counter.GEOIP_RELOADS) == 0) {
            assertTrue(System.nanoTime() < deadline, "not reloaded within 5 s");
            Thread.sleep(10);
        }
        assertEquals("DE", sources.reputation().labels(ip("203.0.113.5")).geo().country());
        assertTrue(passes(channel, "203.0.113.5"), "now in an allowed country");
        assertFalse(passes(channel, "203.0.113.200"), "the rest still refused");
    }

    @Test
    void reportsEachRefreshWithItsCounts() throws Exception {
        gate(FEEDS);
        SecurityEvent drop = events.stream().filter(e -> e.type() == SecurityEventType.FEED_REFRESH
                && "drop-list".equals(e.details().get("feed"))
                && "updated".equals(e.details().get("outcome"))).findFirst().orElseThrow();
        assertEquals("2", drop.details().get("entries"));
        assertEquals("1", drop.details().get("skipped_lines"));
        assertEquals("not-an-ip", drop.details().get("skipped_sample"));
    }
}

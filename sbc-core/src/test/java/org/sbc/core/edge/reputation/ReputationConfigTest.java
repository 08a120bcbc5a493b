package org.sbc.core.edge.reputation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SecurityConfig;
import org.sbc.core.config.yaml.ConfigException;
import org.sbc.core.edge.ban.BanStoreConfig;
import org.sbc.feeds.feed.FeedAction;
import org.sbc.feeds.feed.FeedDefinition;
import org.sbc.feeds.feed.FeedFormat;
import org.sbc.feeds.feed.FeedSource;
import org.sbc.policies.Mode;

/** security.feeds, security.geoip and the ban store keys, through the production loader. */
class ReputationConfigTest {

    @Test
    void readsTheContractExample() throws Exception {
        SecurityConfig security = ConfigLoader.parse("""
                security:
                  feeds:
                    - name: local-list
                      url: file:feeds/voip-attackers.txt      # file: (relative to the config) or https://
                      format: plain                           # plain | apiban | csv
                      action: drop                            # drop | reject | ban | label
                      refresh_seconds: 300
                  geoip:
                    country_database: GeoLite2-Country.mmdb   # optional; asn_database likewise
                    deny_countries: []
                  ban:
                    store: redis                              # memory (default) | redis
                    redis: redis://127.0.0.1:6379
                """, "/etc/sbc/sbc.yaml").security();
        FeedDefinition feed = security.feeds().feeds().get(0);
        assertEquals("local-list", feed.name());
        assertEquals(new FeedSource.FileSource(Path.of("/etc/sbc/feeds/voip-attackers.txt")), feed.source());
        assertEquals(FeedFormat.PLAIN, feed.format());
        assertInstanceOf(FeedAction.Drop.class, feed.action());
        assertEquals(Duration.ofSeconds(300), feed.refresh());
        assertEquals(Optional.of(Path.of("/etc/sbc/GeoLite2-Country.mmdb")), security.geoip().countryDatabase());
        assertEquals(Set.of(), security.geoip().denyCountries());
        assertEquals(BanStoreConfig.Kind.REDIS, security.banStore().kind());
        assertEquals(Optional.of(URI.create("redis://127.0.0.1:6379")), security.banStore().redis());
    }

    @Test
    void defaultsToNoFeedsNoGeoipAndMemoryBans() throws Exception {
        SecurityConfig security = ConfigLoader.parse("", "t.yaml").security();
        assertTrue(security.feeds().isEmpty());
        assertEquals(GeoIpConfig.DEFAULT, security.geoip());
        assertEquals(BanStoreConfig.DEFAULT, security.banStore());
    }

    @Test
    void readsEveryFeedKey() throws Exception {
        FeedDefinition feed = ConfigLoader.parse("""
                security:
                  feeds:
                    - name: apiban
                      url: https://apiban.org/api/KEY/banned
                      format: csv
                      csv_column: ip
                      action: ban
                      ban_seconds: 3600
                      refresh_seconds: 600
                      weight: 40
                      ttl_seconds: 86400
                      max_bytes: 1048576
                      timeout_seconds: 20
                      max_entries: 50000
                      min_kept_percent: 30
                      guard_minimum: 10
                """, "t.yaml").security().feeds().feeds().get(0);
        assertEquals(new FeedAction.Ban(Duration.ofSeconds(3600)), feed.action());
        assertEquals("ip", feed.csvColumn());
        assertEquals(40, feed.weight());
        assertEquals(Duration.ofDays(1), feed.ttl());
        assertEquals(1_048_576, feed.limits().maxBytes());
        assertEquals(Duration.ofSeconds(20), feed.limits().timeout());
        assertEquals(50_000, feed.limits().maxEntries());
        assertEquals(0.3, feed.limits().minKeptRatio(), 1e-9);
        assertEquals(10, feed.limits().guardMinimum());
    }

    @Test
    void refusesBadFeedsWithFileLineAndColumnAllAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                security:
                  feeds:
                    - name: a
                      url: http://example.com/list.txt
                    - name: b
                      url: file:b.txt
                      action: block
                    - name: c
                      url: https://example.com/c.txt
                      refresh_seconds: 5
                    - name: b
                      url: file:b2.txt
                      fromat: plain
                """, "t.yaml"));
        String all = e.getMessage();
        assertEquals(5, e.errors().size(), all);
        assertTrue(all.contains("t.yaml:4:12: security.feeds[0].url"), all);
        assertTrue(all.contains("t.yaml:7:15: security.feeds[1].action: 'block' (expected: drop, reject, ban or label)"), all);
        assertTrue(all.contains("t.yaml:10:24: security.feeds[2].refresh_seconds: 5 (expected: 60..604800 for https sources)"), all);
        assertTrue(all.contains("t.yaml:11:13: security.feeds[3].name: 'b' names two feeds (expected: each name once; first at feeds[1])"), all);
        assertTrue(all.contains("security.feeds[3].fromat") && all.contains("did you mean"), all);
    }

    @Test
    void acceptsOneSecondRefreshForFileFeeds() throws Exception {
        assertEquals(Duration.ofSeconds(1), ConfigLoader.parse("""
                security:
                  feeds:
                    - {name: fast, url: "file:x.txt", refresh_seconds: 1}
                """, "t.yaml").security().feeds().feeds().get(0).refresh());
    }

    @Test
    void refusesCountryListsWithoutADatabaseOrBothLists() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                security:
                  geoip:
                    deny_countries: [XX1]
                """, "t.yaml"));
        assertTrue(e.getMessage().contains("t.yaml:3:22: security.geoip.deny_countries[0]"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                security:
                  geoip:
                    country_database: c.mmdb
                    allow_countries: [DE]
                    deny_countries: [FR]
                """, "t.yaml"));
        assertTrue(e.getMessage().contains("t.yaml:5:21: security.geoip.deny_countries"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                security:
                  geoip:
                    deny_countries: [cn]
                """, "t.yaml"));
        assertTrue(e.getMessage().contains("t.yaml:3:21: security.geoip.deny_countries: a country list without"
                + " country_database"), e.getMessage());
    }

    @Test
    void refusesARedisStoreWithoutItsUrl() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                security:
                  ban:
                    store: redis
                """, "t.yaml"));
        assertTrue(e.getMessage().contains("t.yaml:3:12: security.ban.store: redis without a redis URL"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                security:
                  ban:
                    store: memcache
                    redis: http://127.0.0.1:6379
                """, "t.yaml"));
        assertEquals(2, e.errors().size(), e.getMessage());
        assertTrue(e.getMessage().contains("t.yaml:3:12: security.ban.store: 'memcache' (expected: memory or redis)"),
                e.getMessage());
    }

    @Test
    void readsModesAndRefusesAnUnreadableCaFile() throws Exception {
        SecurityConfig security = ConfigLoader.parse("""
                security:
                  feeds:
                    - {name: watched, url: "file:w.txt", action: drop, mode: monitor}
                    - {name: enforced, url: "file:e.txt", action: drop}
                  geoip:
                    country_database: c.mmdb
                    deny_countries: [RU]
                    mode: monitor
                """, "t.yaml").security();
        assertEquals(Set.of("watched"), security.feeds().monitored());
        assertEquals(Mode.MONITOR, security.geoip().mode());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                security:
                  feed_ca_file: /nonexistent/feeds-ca.pem
                  feeds:
                    - {name: a, url: "file:a.txt", mode: shadow}
                """, "t.yaml"));
        assertEquals(2, e.errors().size(), e.getMessage());
        assertTrue(e.getMessage().contains("t.yaml:2:17: security.feed_ca_file: '/nonexistent/feeds-ca.pem'"), e.getMessage());
        assertTrue(e.getMessage().contains("t.yaml:4:42: security.feeds[0].mode: 'shadow' (expected: enforce or monitor)"),
                e.getMessage());
    }
}

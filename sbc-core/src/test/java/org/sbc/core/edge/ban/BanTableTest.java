package org.sbc.core.edge.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.testing.TestPeers.ip;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.policies.Mode;
import org.sbc.core.edge.ban.Bans.Outcome;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.ManualClock;
import org.sbc.core.testing.RecordingSink;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;

class BanTableTest {

    private final ManualClock clock = ManualClock.atTestStart();
    private final Counters counters = new Counters();
    private final RecordingSink events = new RecordingSink();

    private BanTable table(BanConfig config, Exemptions exemptions) {
        return new BanTable(config, exemptions, events, counters, clock);
    }

    private BanTable table() {
        return table(BanConfig.DEFAULT, Exemptions.NONE);
    }

    static IpPrefix prefix(String text) {
        return IpPrefix.parse(text).orElseThrow();
    }

    private Evidence evidence() {
        return new Evidence("flood-guard", "density 200 per 2 s", Map.of("messages_in_window", 201L),
                clock.instant().minusMillis(40), clock.instant());
    }

    @Test
    void bansAnAddressUntilItsTtlEnds() {
        BanTable table = table();
        assertEquals(Outcome.BANNED, table.ban(prefix("203.0.113.7"), BanReason.FLOOD, evidence()));
        assertTrue(table.isBanned(ip("203.0.113.7")));
        assertFalse(table.isBanned(ip("203.0.113.70")), "10.0.0.1 must not match 10.0.0.15");
        clock.advance(Duration.ofSeconds(599));
        assertTrue(table.isBanned(ip("203.0.113.7")));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(table.isBanned(ip("203.0.113.7")));
        table.purgeExpired();
        assertEquals(0, table.size());
        assertEquals(1, counters.get(Counter.BANS_EXPIRED));
        SecurityEvent unban = events.ofType(SecurityEventType.UNBAN).get(0);
        assertEquals("expired", unban.reason());
    }

    @Test
    void bansNetworksOfBothFamilies() {
        BanTable table = table();
        table.ban(prefix("198.51.100.0/24"), BanReason.FLOOD, evidence());
        table.ban(prefix("2001:db8:1::/48"), BanReason.FLOOD, evidence());
        assertTrue(table.isBanned(ip("198.51.100.254")));
        assertFalse(table.isBanned(ip("198.51.101.1")));
        assertTrue(table.isBanned(ip("2001:db8:1:ffff::1")));
        assertFalse(table.isBanned(ip("2001:db8:2::1")));
        assertEquals(1, table.covering(ip("198.51.100.9")).size());
    }

    @Test
    void escalatesRepeatOffendersUpToTheCeiling() {
        BanTable table = table(new BanConfig(Mode.ENFORCE, 600, 4, 7_200, 86_400, 100, Optional.empty()), Exemptions.NONE);
        List<Long> lengths = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            table.ban(prefix("203.0.113.7"), BanReason.AUTH, evidence());
            Ban ban = table.get(prefix("203.0.113.7")).orElseThrow();
            lengths.add(Duration.between(ban.created(), ban.expires()).toSeconds());
            assertEquals(i + 1, ban.offences());
            clock.advance(Duration.between(ban.created(), ban.expires()).plusSeconds(60));
        }
        assertEquals(List.of(600L, 2_400L, 7_200L, 7_200L), lengths);
    }

    @Test
    void forgetsOffencesOlderThanTheHistory() {
        BanTable table = table(new BanConfig(Mode.ENFORCE, 600, 2, 7_200, 3_600, 100, Optional.empty()), Exemptions.NONE);
        table.ban(prefix("203.0.113.7"), BanReason.AUTH, evidence());
        clock.advance(Duration.ofSeconds(600 + 3_601));
        table.ban(prefix("203.0.113.7"), BanReason.AUTH, evidence());
        assertEquals(1, table.get(prefix("203.0.113.7")).orElseThrow().offences());
    }

    @Test
    void aSecondRequestDuringABanNeitherEscalatesNorReports() {
        BanTable table = table();
        table.ban(prefix("203.0.113.7"), BanReason.FLOOD, evidence());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Outcome.BANNED, table.ban(prefix("203.0.113.7"), BanReason.FLOOD, evidence()));
        assertEquals(1, table.get(prefix("203.0.113.7")).orElseThrow().offences());
        assertEquals(1, events.ofType(SecurityEventType.BAN).size());
    }

    @Test
    void neverBansTrustedOrAllowedNetworks() {
        Exemptions exemptions = new Exemptions(CidrSet.of(List.of(prefix("192.0.2.0/24"))),
                CidrSet.of(List.of(prefix("198.51.100.7"))));
        BanTable table = table(BanConfig.DEFAULT, exemptions);
        assertEquals(Outcome.EXEMPT, table.ban(prefix("192.0.2.9"), BanReason.FLOOD, evidence()));
        assertEquals(Outcome.EXEMPT, table.ban(prefix("192.0.2.128/25"), BanReason.FLOOD, evidence()));
        assertEquals(Outcome.EXEMPT, table.ban(prefix("198.51.100.7"), BanReason.FLOOD, evidence()));
        assertEquals(3, counters.get(Counter.BAN_EXEMPT));
        assertEquals(0, table.size());
        // A wider network may be banned; its trusted part still passes the gate.
        assertEquals(Outcome.BANNED, table.ban(prefix("192.0.0.0/16"), BanReason.FLOOD, evidence()));
        assertTrue(table.hit(ip("192.0.3.1")).isPresent());
        assertTrue(table.hit(ip("192.0.2.1")).isEmpty());
    }

    @Test
    void evictsTheBanClosestToExpiryWhenFull() {
        BanTable table = table(new BanConfig(Mode.ENFORCE, 600, 1, 600, 0, 16, Optional.empty()), Exemptions.NONE);
        for (int i = 0; i < 16; i++) {
            table.ban(prefix("203.0.113." + i), BanReason.FLOOD, evidence());
            clock.advance(Duration.ofSeconds(1));
        }
        table.ban(prefix("203.0.113.200"), BanReason.FLOOD, evidence());
        assertEquals(16, table.size());
        assertFalse(table.isBanned(ip("203.0.113.0")), "the oldest ban, closest to expiry, goes");
        assertTrue(table.isBanned(ip("203.0.113.1")));
        assertTrue(table.isBanned(ip("203.0.113.200")));
        assertEquals(1, counters.get(Counter.BANS_EVICTED));
        assertTrue(events.ofType(SecurityEventType.UNBAN).get(0).reason().startsWith("evicted"));
    }

    @Test
    void monitorModeRecordsTheBanAndSaysSo() {
        BanTable table = table(BanConfig.DEFAULT.withMode(Mode.MONITOR), Exemptions.NONE);
        assertEquals(Outcome.MONITORED, table.ban(prefix("203.0.113.7"), BanReason.FLOOD, evidence()));
        assertEquals("monitor", events.ofType(SecurityEventType.BAN).get(0).mode());
    }

    @Test
    void banEventCarriesTheEvidence() {
        table().ban(prefix("203.0.113.7"), BanReason.FLOOD, evidence());
        SecurityEvent ban = events.ofType(SecurityEventType.BAN).get(0);
        assertEquals("flood-guard", ban.step());
        assertEquals("density 200 per 2 s", ban.reason());
        assertEquals("201", ban.details().get("counter.messages_in_window"));
        assertEquals("600", ban.details().get("seconds"));
        assertEquals("203.0.113.7/32", ban.details().get("target"));
    }

    @Test
    void countsHitsAndLastSeen() {
        BanTable table = table();
        table.ban(prefix("203.0.113.7"), BanReason.FLOOD, evidence());
        clock.advance(Duration.ofSeconds(5));
        table.hit(ip("203.0.113.7"));
        table.hit(ip("203.0.113.7"));
        Ban ban = table.get(prefix("203.0.113.7")).orElseThrow();
        assertEquals(2, ban.hits());
        assertEquals(clock.instant(), ban.lastSeen());
    }

    @Test
    void manualBanHasItsOwnLengthAndReplacesAnActiveOne() {
        BanTable table = table();
        table.ban(prefix("203.0.113.7"), BanReason.FLOOD, evidence());
        Evidence manual = new Evidence("admin", "manual ban", Map.of(), clock.instant(), clock.instant());
        table.banFor(prefix("203.0.113.7"), Duration.ofHours(2), BanReason.MANUAL, manual, Optional.of("seen in a CDR"));
        Ban ban = table.get(prefix("203.0.113.7")).orElseThrow();
        assertEquals(BanReason.MANUAL, ban.reason());
        assertEquals(clock.instant().plus(Duration.ofHours(2)), ban.expires());
        assertEquals(1, table.size());
    }

    @Test
    void unbanLiftsExactlyThatTarget() {
        BanTable table = table();
        table.ban(prefix("198.51.100.0/24"), BanReason.FLOOD, evidence());
        assertFalse(table.unban(prefix("198.51.100.9"), "test"));
        assertTrue(table.unban(prefix("198.51.100.0/24"), "test"));
        assertFalse(table.isBanned(ip("198.51.100.9")));
        assertEquals(1, counters.get(Counter.BANS_REMOVED));
    }

    @Test
    void restoreSkipsExpiredAndExemptBans() {
        Instant now = clock.instant();
        Evidence e = evidence();
        Ban live = new Ban(prefix("203.0.113.7"), BanReason.FLOOD, e, Optional.empty(), now.minusSeconds(60),
                now.plusSeconds(60), 2, 5, Optional.empty());
        Ban over = new Ban(prefix("203.0.113.8"), BanReason.FLOOD, e, Optional.empty(), now.minusSeconds(600),
                now.minusSeconds(1), 1, 0, Optional.empty());
        Ban nowTrusted = new Ban(prefix("192.0.2.1"), BanReason.FLOOD, e, Optional.empty(), now,
                now.plusSeconds(60), 1, 0, Optional.empty());
        BanTable table = table(BanConfig.DEFAULT, new Exemptions(CidrSet.of(List.of(prefix("192.0.2.0/24"))), CidrSet.empty()));
        assertEquals(1, table.restore(List.of(live, over, nowTrusted)));
        assertEquals(live, table.get(prefix("203.0.113.7")).orElseThrow());
        assertTrue(events.events().isEmpty());
    }
}

package org.sbc.core.edge.flood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.testing.TestPeers.address;
import static org.sbc.core.testing.TestPeers.ip;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.edge.ban.BanConfig;
import org.sbc.core.sip.Transport;
import org.sbc.policies.Mode;
import org.sbc.core.edge.ban.Ban;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.testing.ManualClock;
import org.sbc.core.testing.RecordingSink;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.TestPeers;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;

class FloodGuardTest {

    /** density 30 per 2 s, /24 at 300, /16 at 3000, /64 at 300, /48 off. */
    private static final FloodConfig CONFIG = new FloodConfig(Mode.ENFORCE, 2, 30, 300, 3_000, 300, 0, 1_000);

    private final ManualClock clock = ManualClock.atTestStart();
    private final Counters counters = new Counters();
    private final RecordingSink events = new RecordingSink();

    private BanTable bans(Exemptions exemptions) {
        return new BanTable(BanConfig.DEFAULT.withStateFile(Optional.empty()), exemptions, events, counters, clock);
    }

    private FloodGuard guard(FloodConfig config, BanTable bans) {
        return new FloodGuard(config, bans, bans.exemptions(), events, counters, clock);
    }

    /** Sends {@code count} datagrams from {@code from}, 1 ms apart; returns how many passed. */
    private int send(EmbeddedChannel channel, String from, int count) {
        int passed = 0;
        for (int i = 0; i < count; i++) {
            DatagramPacket packet = new DatagramPacket(
                    Unpooled.copiedBuffer(SipMessages.options().text(), StandardCharsets.US_ASCII),
                    TestPeers.SBC, address(from, 5060));
            if (channel.writeInbound(packet)) {
                DatagramPacket out = channel.readInbound();
                out.release();
                passed++;
            } else {
                assertEquals(0, packet.refCnt(), "a dropped datagram is released");
            }
            clock.advance(Duration.ofMillis(1));
        }
        return passed;
    }

    @Test
    void passesASourceBelowItsDensity() {
        BanTable bans = bans(Exemptions.NONE);
        EmbeddedChannel channel = new EmbeddedChannel(guard(CONFIG, bans));
        assertEquals(30, send(channel, "203.0.113.7", 30));
        assertFalse(bans.isBanned(ip("203.0.113.7")));
    }

    @Test
    void bansSourceAfterDensityExceeded() {
        BanTable bans = bans(Exemptions.NONE);
        EmbeddedChannel channel = new EmbeddedChannel(guard(CONFIG, bans));
        assertEquals(30, send(channel, "203.0.113.7", 100));
        assertTrue(bans.isBanned(ip("203.0.113.7")));
        assertEquals(70, counters.get(Counter.FLOOD_DROPPED));
        assertEquals(1, counters.get(Counter.FLOODS_DETECTED));
        Ban ban = bans.get(IpPrefix.parse("203.0.113.7").orElseThrow()).orElseThrow();
        assertEquals("flood-guard", ban.evidence().step());
        assertEquals("density 30 per 2 s", ban.evidence().rule());
        assertEquals(31L, ban.evidence().counters().get("messages_in_window"));
        assertEquals(Duration.ofMillis(30), Duration.between(ban.evidence().firstSeen(), ban.evidence().lastSeen()));
        SecurityEvent flood = events.ofType(SecurityEventType.FLOOD).get(0);
        assertEquals(Optional.of(Transport.UDP), flood.transport());
        assertEquals("enforce", flood.mode());
    }

    @Test
    void aSlowSteadySourceIsNeverCaught() {
        BanTable bans = bans(Exemptions.NONE);
        EmbeddedChannel channel = new EmbeddedChannel(guard(CONFIG, bans));
        for (int i = 0; i < 200; i++) {
            assertEquals(1, send(channel, "203.0.113.7", 1));
            clock.advance(Duration.ofMillis(99)); // 10 per second, 20 per window
        }
        assertEquals(0, counters.get(Counter.FLOODS_DETECTED));
    }

    @Test
    void burstStraddlingAWindowEdgeIsStillCaught() {
        BanTable bans = bans(Exemptions.NONE);
        EmbeddedChannel channel = new EmbeddedChannel(guard(CONFIG, bans));
        clock.advance(Duration.ofMillis(1_970));
        send(channel, "203.0.113.7", 25); // end of the first window
        send(channel, "203.0.113.7", 25); // start of the next
        assertTrue(bans.isBanned(ip("203.0.113.7")));
    }

    @Test
    void catchesAFloodSpreadOverANetwork() {
        BanTable bans = bans(Exemptions.NONE);
        EmbeddedChannel channel = new EmbeddedChannel(guard(CONFIG, bans));
        for (int round = 0; round < 10; round++) {
            for (int host = 1; host <= 64; host++) {
                send(channel, "198.51.100." + host, 1);
            }
        }
        assertTrue(bans.isBanned(ip("198.51.100.200")), "the /24 is banned");
        assertFalse(bans.isBanned(ip("198.51.101.1")));
        Ban ban = bans.get(IpPrefix.parse("198.51.100.0/24").orElseThrow()).orElseThrow();
        assertEquals("density_per_24 300 per 2 s", ban.evidence().rule());
        assertEquals(1, bans.size(), "no address crossed its own density");
    }

    @Test
    void catchesAnIpv6HostHoppingAddressesInItsSlash64() {
        BanTable bans = bans(Exemptions.NONE);
        EmbeddedChannel channel = new EmbeddedChannel(guard(CONFIG, bans));
        for (int i = 0; i < 400; i++) {
            send(channel, "2001:db8:0:1::" + Integer.toHexString(i + 1), 1);
        }
        assertTrue(bans.isBanned(ip("2001:db8:0:1::ffff")));
        assertTrue(bans.get(IpPrefix.parse("2001:db8:0:1::/64").orElseThrow()).isPresent());
    }

    @Test
    void neverCountsTrustedOrAllowedSources() {
        Exemptions exemptions = new Exemptions(CidrSet.of(List.of(IpPrefix.parse("192.0.2.0/24").orElseThrow())),
                CidrSet.of(List.of(IpPrefix.parse("198.51.100.7").orElseThrow())));
        BanTable bans = bans(exemptions);
        EmbeddedChannel channel = new EmbeddedChannel(guard(CONFIG, bans));
        assertEquals(1_000, send(channel, "192.0.2.10", 1_000));
        assertEquals(1_000, send(channel, "198.51.100.7", 1_000));
        assertEquals(0, counters.get(Counter.FLOODS_DETECTED));
        assertEquals(0, bans.size());
    }

    @Test
    void monitorModeReportsButNeitherDropsNorBans() {
        BanTable bans = bans(Exemptions.NONE);
        EmbeddedChannel channel = new EmbeddedChannel(guard(CONFIG.withMode(Mode.MONITOR), bans));
        assertEquals(100, send(channel, "203.0.113.7", 100));
        assertEquals(0, bans.size());
        assertEquals(70, counters.get(Counter.FLOOD_MONITORED));
        List<SecurityEvent> floods = events.ofType(SecurityEventType.FLOOD);
        assertEquals(1, floods.size(), "one report per window, not one per message");
        assertEquals("monitor", floods.get(0).mode());
    }

    @Test
    void countsFramesOnTcp() {
        BanTable bans = bans(Exemptions.NONE);
        EmbeddedChannel channel = new EmbeddedChannel(guard(CONFIG, bans));
        int passed = 0;
        for (int i = 0; i < 40; i++) {
            if (channel.writeInbound(new SipFrame(SipMessages.options().bytes(), TestPeers.tcp("203.0.113.9", 40000)))) {
                channel.readInbound();
                passed++;
            }
        }
        assertEquals(30, passed);
        assertTrue(bans.isBanned(ip("203.0.113.9")));
    }

    @Test
    void failsOpenWhenItsTableIsFull() {
        FloodConfig small = new FloodConfig(Mode.ENFORCE, 2, 30, 0, 0, 0, 0, 16);
        BanTable bans = bans(Exemptions.NONE);
        EmbeddedChannel channel = new EmbeddedChannel(guard(small, bans));
        for (int host = 1; host <= 16; host++) {
            send(channel, "203.0.113." + host, 1);
        }
        assertEquals(100, send(channel, "198.51.100.1", 100));
        assertEquals(100, counters.get(Counter.FLOOD_UNTRACKED));
        clock.advance(Duration.ofSeconds(5)); // the idle windows expire and are swept
        assertEquals(30, send(channel, "198.51.100.1", 100));
    }
}

package org.sbc.core.edge.flood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.policies.Mode;
import org.sbc.core.edge.flood.RateLimitConfig.Rate;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Peer;
import org.sbc.core.testing.ManualClock;
import org.sbc.core.testing.RecordingSink;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.TestPeers;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;

class RateLimiterTest {

    private static final RateLimitConfig CONFIG =
            new RateLimitConfig(Mode.ENFORCE, new Rate(2, 5), new Rate(1, 3), new Rate(10, 20), 100);
    private static final Peer SOURCE = TestPeers.udp("203.0.113.7", 5060);

    private final ManualClock clock = ManualClock.atTestStart();
    private final Counters counters = new Counters();
    private final RecordingSink events = new RecordingSink();

    private EmbeddedChannel channel(RateLimitConfig config, Exemptions exemptions) {
        return new EmbeddedChannel(new RateLimiter(SipTesting.edgeContext(counters), config, exemptions, events, clock));
    }

    /** How many of {@code count} requests of {@code method} from {@code peer} pass. */
    private static int passed(EmbeddedChannel channel, String method, Peer peer, int count) {
        int passed = 0;
        for (int i = 0; i < count; i++) {
            if (channel.writeInbound(SipTesting.received(SipMessages.request(method, "sip:127.0.0.1"), peer))) {
                channel.readInbound();
                passed++;
            }
        }
        assertNull(channel.readOutbound(), "the limiter never answers");
        return passed;
    }

    @Test
    void dropsRequestsOverTheBurstAndRefills() {
        EmbeddedChannel channel = channel(CONFIG, Exemptions.NONE);
        assertEquals(3, passed(channel, "INVITE", SOURCE, 10));
        assertEquals(7, counters.get(Counter.RATE_LIMITED));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(2, passed(channel, "INVITE", SOURCE, 10));
    }

    @Test
    void keepsOneBucketPerMethodClassAndSource() {
        EmbeddedChannel channel = channel(CONFIG, Exemptions.NONE);
        assertEquals(3, passed(channel, "INVITE", SOURCE, 10));
        assertEquals(5, passed(channel, "REGISTER", SOURCE, 10));
        assertEquals(20, passed(channel, "OPTIONS", SOURCE, 30));
        assertEquals(3, passed(channel, "INVITE", TestPeers.udp("203.0.113.8", 5060), 10));
    }

    @Test
    void reportsOneBlockEventPerBucketPerMinute() {
        EmbeddedChannel channel = channel(CONFIG, Exemptions.NONE);
        passed(channel, "INVITE", SOURCE, 50);
        assertEquals(1, events.ofType(SecurityEventType.BLOCK).size());
        assertEquals("invite 1/s burst 3", events.events().get(0).reason());
    }

    @Test
    void monitorModeCountsAndPasses() {
        EmbeddedChannel channel = channel(new RateLimitConfig(Mode.MONITOR, CONFIG.register(), CONFIG.invite(),
                CONFIG.other(), 100), Exemptions.NONE);
        assertEquals(10, passed(channel, "INVITE", SOURCE, 10));
        assertEquals(7, counters.get(Counter.RATE_LIMIT_MONITORED));
        assertEquals(0, counters.get(Counter.RATE_LIMITED));
    }

    @Test
    void exemptsTrustedAndAllowedSources() {
        EmbeddedChannel channel = channel(CONFIG, new Exemptions(CidrSet.empty(),
                CidrSet.of(List.of(IpPrefix.parse("203.0.113.0/24").orElseThrow()))));
        assertEquals(50, passed(channel, "INVITE", SOURCE, 50));
    }

    @Test
    void failsOpenWhenItsTableIsFull() {
        EmbeddedChannel channel = channel(new RateLimitConfig(Mode.ENFORCE, CONFIG.register(), CONFIG.invite(),
                CONFIG.other(), 16), Exemptions.NONE);
        for (int host = 1; host <= 16; host++) {
            passed(channel, "INVITE", TestPeers.udp("198.51.100." + host, 5060), 1);
        }
        assertEquals(10, passed(channel, "INVITE", SOURCE, 10));
        assertEquals(10, counters.get(Counter.RATE_LIMIT_UNTRACKED));
        clock.advance(Duration.ofSeconds(10)); // the idle buckets are full again, and forgotten
        assertEquals(3, passed(channel, "INVITE", SOURCE, 10));
    }
}

package org.sbc.core.edge.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.RecordingBans;
import org.sbc.core.testing.TestPeers;

class HoarderBansTest {

    private static final InetAddress HOARDER = TestPeers.ip("203.0.113.9");

    @Test
    void bansTheFifthSilentConnectionWithinAMinuteNotTheFourth() {
        RecordingBans bans = new RecordingBans();
        Counters counters = new Counters();
        HoarderBans hoarders = new HoarderBans(bans, counters, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

        for (int i = 0; i < 4; i++) {
            hoarders.closedSilent(HOARDER);
        }
        assertEquals(0, bans.requests().size());
        hoarders.closedSilent(HOARDER);

        assertEquals(1, bans.requests().size());
        assertEquals(BanReason.FLOOD, bans.requests().get(0).reason());
        assertEquals(1, counters.get(Counter.TCP_HOARDERS_BANNED));
    }

    @Test
    void forgetsSilenceOlderThanTheWindow() {
        RecordingBans bans = new RecordingBans();
        Instant[] now = {Instant.EPOCH};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        HoarderBans hoarders = new HoarderBans(bans, new Counters(), clock);
        for (int i = 0; i < 4; i++) {
            hoarders.closedSilent(HOARDER);
        }
        now[0] = now[0].plus(Duration.ofSeconds(61));
        hoarders.closedSilent(HOARDER);

        assertEquals(0, bans.requests().size(), "four a minute ago and one now is not five within a minute");
    }
}

package org.sbc.core.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sbc.core.edge.auth.AuthConfig.FailureLimits;
import org.sbc.policies.Mode;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.testing.RecordingBans;
import org.sbc.core.testing.TestPeers;
import org.sbc.feeds.IpPrefix;

class AuthFailuresTest {

    private static final InetAddress OFFICE = TestPeers.ip("198.51.100.10");
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    private final RecordingBans bans = new RecordingBans();
    private final AuthFailures failures = new AuthFailures(new FailureLimits(600, 3, 10, 1_024), bans, "auth");

    @Test
    void blocksOneUserBehindANatWithoutBanningTheOffice() {
        for (int i = 0; i < 3; i++) {
            failures.failure(OFFICE, "101", T0.plusSeconds(i), Mode.ENFORCE);
        }

        assertTrue(failures.isBlocked(OFFICE, "101", T0.plusSeconds(3)));
        assertFalse(failures.isBlocked(OFFICE, "102", T0.plusSeconds(3)), "a colleague is not blocked");
        assertTrue(bans.requests().isEmpty());
        assertFalse(failures.isBlocked(OFFICE, "101", T0.plusSeconds(3).plus(Duration.ofSeconds(601))));
    }

    @Test
    void bansSourceAfterPerSourceFailuresWithEvidence() {
        AuthFailures.Outcome last = null;
        for (int i = 0; i < 10; i++) {
            last = failures.failure(OFFICE, "user" + i, T0.plusSeconds(i), Mode.ENFORCE);
        }

        assertTrue(last.sourceLimitReached());
        assertEquals(1, bans.requests().size());
        RecordingBans.Request ban = bans.requests().get(0);
        assertEquals(IpPrefix.of(OFFICE), ban.target());
        assertEquals(BanReason.AUTH, ban.reason());
        assertEquals("auth.failures.per_source", ban.evidence().rule());
        assertEquals(10L, ban.evidence().counters().get("source_failures"));
        assertEquals(T0, ban.evidence().firstSeen());
        assertEquals(T0.plusSeconds(9), ban.evidence().lastSeen());
    }

    @Test
    void countsBlockedAttemptsAgainstTheSource() {
        for (int i = 0; i < 3; i++) {
            failures.failure(OFFICE, "101", T0, Mode.ENFORCE);
        }
        for (int i = 0; i < 7; i++) {
            failures.blockedAttempt(OFFICE, "101", T0, Mode.ENFORCE);
        }
        assertEquals(1, bans.requests().size());
    }

    @Test
    void successClearsThePairButNotTheSource() {
        failures.failure(OFFICE, "101", T0, Mode.ENFORCE);
        failures.failure(OFFICE, "101", T0, Mode.ENFORCE);
        failures.success(OFFICE, "101");

        AuthFailures.Outcome outcome = failures.failure(OFFICE, "101", T0, Mode.ENFORCE);
        assertEquals(1, outcome.userFailures());
        assertEquals(3, outcome.sourceFailures());
    }

    @Test
    void forgetsFailuresOutsideTheWindow() {
        failures.failure(OFFICE, "101", T0, Mode.ENFORCE);
        AuthFailures.Outcome outcome = failures.failure(OFFICE, "101", T0.plusSeconds(601), Mode.ENFORCE);
        assertEquals(1, outcome.sourceFailures());
        assertEquals(1, outcome.userFailures());
    }

    @Test
    void monitorModeCountsButRequestsNoBan() {
        for (int i = 0; i < 10; i++) {
            failures.failure(OFFICE, "u" + i, T0, Mode.MONITOR);
        }
        assertTrue(bans.requests().isEmpty());
    }

    @Test
    void staysBoundedUnderManySources() {
        AuthFailures small = new AuthFailures(new FailureLimits(600, 3, 10, 1_024), bans, "auth");
        for (int i = 0; i < 5_000; i++) {
            small.failure(TestPeers.ip("10.0." + (i / 250) + "." + (i % 250)), "x", T0, Mode.ENFORCE);
        }
        assertTrue(small.tracked() <= 1_024);
    }
}

package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sbc.core.edge.ban.BanConfig;
import org.sbc.policies.Mode;
import org.sbc.core.edge.ban.Ban;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.Evidence;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counters;
import org.sbc.feeds.IpPrefix;

/**
 * The ban table under any sequence of bans, lifts and passing time: it never holds more than
 * max_entries, lists only live bans, agrees with its own lookups, and never bans past the
 * ceiling.
 */
class BanTableProperties {

    private static final int MAX = 16;

    /** One step: ban a target, lift it, or let time pass. */
    record Step(int kind, IpPrefix target, int seconds) {}

    private static final class Clock implements InstantSource {
        long millis = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Property(tries = 300)
    void staysBoundedAndConsistent(@ForAll("steps") List<Step> steps) throws Exception {
        Clock clock = new Clock();
        BanConfig config = new BanConfig(Mode.ENFORCE, 60, 3, 600, 300, MAX, Optional.empty());
        BanTable table = new BanTable(config, Exemptions.NONE, SecurityEventSink.NONE, new Counters(), clock);
        for (Step step : steps) {
            switch (step.kind()) {
                case 0 -> table.ban(step.target(), BanReason.FLOOD,
                        new Evidence("fuzz", "rule", Map.of(), clock.instant(), clock.instant()));
                case 1 -> table.unban(step.target(), "fuzz");
                default -> clock.millis += step.seconds() * 1_000L;
            }
            List<Ban> bans = table.list();
            assertTrue(table.size() <= MAX && bans.size() <= MAX, "size " + table.size());
            for (Ban ban : bans) {
                assertTrue(ban.expires().isAfter(clock.instant()), "listed an expired ban");
                assertTrue(Duration.between(ban.created(), ban.expires()).toSeconds() <= config.maxSeconds());
                InetAddress inside = ban.target().network();
                assertTrue(table.isBanned(inside), "a listed ban does not block its own network address");
                assertEquals(Optional.of(ban), table.get(ban.target()));
            }
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<IpPrefix> targets = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 40).map(i -> IpPrefix.parse("203.0.113." + i).orElseThrow()),
                Arbitraries.integers().between(0, 8).map(i -> IpPrefix.parse("198.51." + i + ".0/24").orElseThrow()),
                Arbitraries.integers().between(0, 8).map(i -> IpPrefix.parse("2001:db8:" + i + "::/48").orElseThrow()));
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 3), targets,
                Arbitraries.integers().between(1, 400)).as(Step::new);
        return step.list().ofMaxSize(200);
    }
}

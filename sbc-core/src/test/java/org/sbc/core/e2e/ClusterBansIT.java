package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.edge.ban.BanConfig;
import org.sbc.policies.Mode;
import org.sbc.core.edge.ban.Ban;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.Evidence;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.edge.ban.RedisBanStore;
import org.sbc.core.edge.ban.StoreHealth;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counters;
import org.sbc.core.metrics.Counter;
import org.sbc.feeds.IpPrefix;

/**
 * Two SBC nodes sharing one real redis-server (the test's own): a ban made on node A, through
 * its admin API or by its flood guard, drops the source at node B within a second; an unban
 * lifts it there too; with Redis stopped each node bans locally, and when Redis comes back
 * (empty) the bans made meanwhile reach the other node; a node that starts later loads them.
 */
class ClusterBansIT {

    private static final String REDIS_IP = "127.0.11.5";
    private static final int REDIS_PORT = 26379;
    private static final String A_IP = "127.0.11.11";
    private static final String B_IP = "127.0.11.12";
    private static final String C_IP = "127.0.11.13";

    @TempDir
    Path dir;

    private SbcServer node(String ip, int adminPort) throws Exception {
        Path config = dir.resolve(ip + ".yaml");
        Files.writeString(config, nodeYaml(dir, ip, adminPort, REDIS_IP, REDIS_PORT));
        return SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)));
    }

    /** A cluster node's config: its listeners, a flood guard that bans fast, the shared Redis store. */
    static String nodeYaml(Path dir, String ip, int adminPort, String redisIp, int redisPort) {
        return TestServers.listenYaml(ip, adminPort) + """
                security:
                  flood:
                    density: 20
                    sampling_seconds: 2
                  ban:
                    state_file: %s
                    store: redis
                    redis: redis://%s:%d
                    reconcile_seconds: 1
                """.formatted(dir.resolve(ip + "-bans.json"), redisIp, redisPort);
    }

    private static IpPrefix target(String ip) throws Exception {
        return IpPrefix.of(InetAddress.getByName(ip));
    }

    @Test
    @Timeout(60)
    void bansMadeOnOneNodeHoldOnTheOtherWithinASecond() throws Exception {
        try (RedisServer redis = RedisServer.start(REDIS_IP, REDIS_PORT);
                SbcServer a = node(A_IP, 26011);
                SbcServer b = node(B_IP, 26012);
                SipClient toB = new SipClient("127.0.11.70", new InetSocketAddress(B_IP, 5060))) {
            AdminHttp adminA = new AdminHttp(a.adminAddress());
            assertTrue(toB.ping("before").isPresent(), "not banned yet");

            // through A's API
            long start = System.nanoTime();
            assertEquals(201, adminA.post("/api/bans", "{\"address\":\"127.0.11.70\",\"seconds\":600}").status());
            awaitWithin(Duration.ofSeconds(1), start, () -> b.bans().get(target("127.0.11.70")).isPresent(),
                    "A's manual ban in force at B");
            assertTrue(toB.ping("during").isEmpty(), "B drops the source A banned");
            start = System.nanoTime();
            assertEquals(200, adminA.delete("/api/bans/127.0.11.70").status());
            awaitWithin(Duration.ofSeconds(1), start, () -> b.bans().get(target("127.0.11.70")).isEmpty(),
                    "A's unban lifts it at B");
            assertTrue(toB.ping("after").isPresent(), "B answers again");

            // by A's flood guard
            try (SipClient flooder = new SipClient("127.0.11.71", new InetSocketAddress(A_IP, 5060));
                    SipClient flooderToB = new SipClient("127.0.11.71", new InetSocketAddress(B_IP, 5060))) {
                for (int i = 0; i < 40; i++) {
                    flooder.send(flooder.optionsFromHere("flood-" + i).getBytes(StandardCharsets.US_ASCII));
                }
                await(Duration.ofSeconds(5), () -> a.bans().get(target("127.0.11.71")).isPresent(), "A's flood guard bans");
                start = System.nanoTime();
                awaitWithin(Duration.ofSeconds(1), start, () -> b.bans().get(target("127.0.11.71"))
                        .filter(ban -> ban.reason() == BanReason.FLOOD).isPresent(), "A's flood ban in force at B");
                assertTrue(flooderToB.ping("flooder-at-b").isEmpty(), "B drops the flooder on its first packet");
                assertTrue(b.counters().get(Counter.BAN_DATAGRAMS_DROPPED) >= 1);
            }

            // Redis down: each node goes on banning locally
            redis.stop();
            assertEquals(201, adminA.post("/api/bans", "{\"address\":\"127.0.11.72\",\"seconds\":600}").status());
            try (SipClient toA = new SipClient("127.0.11.72", new InetSocketAddress(A_IP, 5060))) {
                assertTrue(toA.ping("while-down").isEmpty(), "A enforces its own ban without Redis");
            }
            await(Duration.ofSeconds(5), () -> a.counters().get(Counter.BAN_STORE_FAILURES) > 0, "A counts the failure");
            await(Duration.ofSeconds(5), () -> events(adminA).contains("unreachable: banning locally"),
                    "A reports Redis unreachable");
            assertTrue(b.bans().get(target("127.0.11.72")).isEmpty(), "B cannot have heard of it");

            // a node that starts while Redis is down starts anyway, banning locally
            try (SbcServer d = node("127.0.11.14", 26014)) {
                assertTrue(d.bans().get(target("127.0.11.72")).isEmpty());

                // Redis back, empty: A writes what it could not, B and D receive it, and the
                // bans from before the outage are written again rather than lost
                redis.start();
                await(Duration.ofSeconds(10), () -> b.bans().get(target("127.0.11.72")).isPresent(),
                        "the ban made while Redis was down reaches B after it returns");
                await(Duration.ofSeconds(5), () -> events(adminA).contains("reachable again"), "A reports Redis back");
                assertTrue(b.bans().get(target("127.0.11.71")).isPresent(), "the flood ban survived Redis's restart at B");
                await(Duration.ofSeconds(10), () -> d.bans().get(target("127.0.11.72")).isPresent()
                        && d.bans().get(target("127.0.11.71")).isPresent(), "D, started without Redis, catches up");
            }

            // a node that starts now loads every active ban before it listens
            try (SbcServer c = node(C_IP, 26013)) {
                assertTrue(c.bans().get(target("127.0.11.71")).isPresent());
                assertTrue(c.bans().get(target("127.0.11.72")).isPresent());
                assertTrue(c.bans().get(target("127.0.11.70")).isEmpty(), "the lifted ban stays lifted");
            }
        }
    }

    @Test
    @Timeout(30)
    void escalationCountsTheOffencesOfEveryNode() throws Exception {
        BanConfig config = new BanConfig(Mode.ENFORCE, 60, 2, 3_600, 86_400, 100, Optional.empty());
        URI uri = URI.create("redis://" + REDIS_IP + ":26380");
        IpPrefix target = target("127.0.11.73");
        Evidence evidence = new Evidence("flood-guard", "density 20 per 2 s", Map.of(), Instant.now(), Instant.now());
        try (RedisServer redis = RedisServer.start(REDIS_IP, 26380)) {
            BanTable a = new BanTable(config, Exemptions.NONE, SecurityEventSink.NONE, new Counters(), Clock.systemUTC());
            BanTable b = new BanTable(config, Exemptions.NONE, SecurityEventSink.NONE, new Counters(), Clock.systemUTC());
            try (RedisBanStore storeA = RedisBanStore.start(uri, 1, a, new Counters(), Clock.systemUTC(),
                            new StoreHealth("a", SecurityEventSink.NONE, Clock.systemUTC()));
                    RedisBanStore storeB = RedisBanStore.start(uri, 1, b, new Counters(), Clock.systemUTC(),
                            new StoreHealth("b", SecurityEventSink.NONE, Clock.systemUTC()))) {
                a.ban(target, BanReason.FLOOD, evidence);
                await(Duration.ofSeconds(1), () -> b.get(target).map(Ban::offences).orElse(0) == 1, "A's first offence at B");
                assertTrue(a.unban(target, "test"));
                await(Duration.ofSeconds(1), () -> b.get(target).isEmpty(), "lifted at B");

                b.ban(target, BanReason.FLOOD, evidence);
                Ban second = b.get(target).orElseThrow();
                assertEquals(2, second.offences(), "B counts A's offence");
                assertEquals(120, Duration.between(second.created(), second.expires()).toSeconds(), "60 s x factor 2");
                await(Duration.ofSeconds(1), () -> a.get(target).map(Ban::offences).orElse(0) == 2, "and A sees B's");
            }
        }
    }

    private static String events(AdminHttp admin) {
        try {
            return admin.get("/api/events").body();
        } catch (Exception e) {
            return "";
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Duration within, Check check, String what) throws Exception {
        awaitWithin(within, System.nanoTime(), check, what);
    }

    /** Polls until {@code check} holds; fails if that takes longer than {@code within} from {@code start}. */
    private static void awaitWithin(Duration within, long start, Check check, String what) throws Exception {
        while (!check.holds()) {
            assertTrue(System.nanoTime() - start < within.toNanos(), "not within " + within.toMillis() + " ms: " + what);
            Thread.sleep(5);
        }
    }
}

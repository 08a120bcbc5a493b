package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's cluster test as its Tests paragraph puts it: two SBC <em>processes</em> (each
 * {@code ./sbc run}, its own JVM) sharing one real redis-server, seen only from outside, through
 * their admin APIs and SIP. A ban through node A's API, and one made by A's flood guard, drop the
 * source at node B within 1 s; an unban lifts it there within 1 s; a ban A makes while Redis is
 * stopped reaches B once Redis is back. ({@link ClusterBansIT} covers the same store in one JVM
 * in more depth: escalation, a node started while Redis is down, a node started later.)
 */
class ClusterBansProcessesIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String REDIS_IP = "127.0.42.205";
    private static final int REDIS_PORT = 26381;
    private static final String A_IP = "127.0.42.211";
    private static final String B_IP = "127.0.42.212";
    private static final Duration WITHIN = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aBanOnOneProcessDropsTheSourceAtTheOtherWithinASecond() throws Exception {
        try (RedisServer redis = RedisServer.start(REDIS_IP, REDIS_PORT);
                Node a = Node.start(dir, A_IP, 26043);
                Node b = Node.start(dir, B_IP, 26044);
                SipClient toB = new SipClient("127.0.42.230", new InetSocketAddress(B_IP, 5060))) {
            assertTrue(toB.ping("before").isPresent(), "not banned yet");

            // through A's API
            long start = System.nanoTime();
            assertEquals(201, a.admin.post("/api/bans", "{\"address\":\"127.0.42.230\",\"seconds\":600}").status());
            awaitWithin(WITHIN, start, () -> b.bans("127.0.42.230"), "A's manual ban in force at B");
            assertTrue(toB.ping("during").isEmpty(), "B drops the source A banned");
            start = System.nanoTime();
            assertEquals(200, a.admin.delete("/api/bans/127.0.42.230").status());
            awaitWithin(WITHIN, start, () -> !b.bans("127.0.42.230"), "A's unban lifts it at B");
            assertTrue(toB.ping("after").isPresent(), "B answers again");

            // by A's flood guard
            try (SipClient flooder = new SipClient("127.0.42.231", new InetSocketAddress(A_IP, 5060));
                    SipClient flooderToB = new SipClient("127.0.42.231", new InetSocketAddress(B_IP, 5060))) {
                for (int i = 0; i < 40; i++) {
                    flooder.send(flooder.optionsFromHere("flood-" + i).getBytes(StandardCharsets.US_ASCII));
                }
                awaitWithin(Duration.ofSeconds(5), System.nanoTime(), () -> a.bans("127.0.42.231"), "A's flood guard bans");
                start = System.nanoTime();
                awaitWithin(WITHIN, start, () -> b.bans("127.0.42.231"), "A's flood ban in force at B");
                assertTrue(b.admin.get("/api/bans/127.0.42.231").body().contains("\"reason\":\"flood\""),
                        "B holds it as A's flood ban");
                assertTrue(flooderToB.ping("flooder-at-b").isEmpty(), "B drops the flooder on its first packet");
            }

            // Redis stopped in the middle: A bans locally; once Redis is back, B has it
            redis.stop();
            assertEquals(201, a.admin.post("/api/bans", "{\"address\":\"127.0.42.232\",\"seconds\":600}").status());
            try (SipClient toA = new SipClient("127.0.42.232", new InetSocketAddress(A_IP, 5060))) {
                assertTrue(toA.ping("while-down").isEmpty(), "A enforces its own ban without Redis");
            }
            assertTrue(!b.bans("127.0.42.232"), "B cannot have heard of it");
            redis.start();
            awaitWithin(Duration.ofSeconds(10), System.nanoTime(), () -> b.bans("127.0.42.232"),
                    "the ban made while Redis was down reaches B after it returns");
            assertTrue(b.bans("127.0.42.231"), "the flood ban survived Redis's restart at B");
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** Polls until {@code check} holds; fails if that takes longer than {@code within} from {@code start}. */
    private static void awaitWithin(Duration within, long start, Check check, String what) throws Exception {
        while (!check.holds()) {
            assertTrue(System.nanoTime() - start < within.toNanos(), "not within " + within.toMillis() + " ms: " + what);
            Thread.sleep(5);
        }
    }

    /** One {@code ./sbc run} process with a redis ban store, stopped with SIGTERM. */
    private static final class Node implements AutoCloseable {
        private final Process process;
        private final List<String> output = new ArrayList<>();
        final AdminHttp admin;

        private Node(Process process, AdminHttp admin) {
            this.process = process;
            this.admin = admin;
            LauncherIT.drain(process, output);
        }

        static Node start(Path dir, String ip, int adminPort) throws Exception {
            Path config = dir.resolve(ip + ".yaml");
            Files.writeString(config, ClusterBansIT.nodeYaml(dir, ip, adminPort, REDIS_IP, REDIS_PORT));
            ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("sbc").toString(), "run", "--config", config.toString())
                    .directory(ROOT.toFile()).redirectErrorStream(true);
            builder.environment().put("SBC_JAVA_OPTS", "-Xms64m -Xmx256m -XX:+UseSerialGC");
            Node node = new Node(builder.start(), new AdminHttp(new InetSocketAddress(ip, adminPort)));
            node.awaitHealthy(Duration.ofSeconds(60));
            return node;
        }

        /** True when this node's ban table covers {@code address} (GET /api/bans/ADDRESS answers 200). */
        boolean bans(String address) throws Exception {
            return admin.get("/api/bans/" + address).status() == 200;
        }

        private void awaitHealthy(Duration within) throws Exception {
            long deadline = System.nanoTime() + within.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    fail("sbc exited with " + process.exitValue() + ": " + output());
                }
                try {
                    if (admin.get("/health").status() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    fail("sbc not healthy within " + within.toSeconds() + " s: " + output());
                }
                Thread.sleep(50);
            }
        }

        private String output() {
            synchronized (output) {
                return String.join("\n", output);
            }
        }

        @Override
        public void close() throws Exception {
            // SIGTERM through the handle: the JVM runs its shutdown hook
            process.toHandle().destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail("sbc did not stop on SIGTERM: " + output());
            }
        }
    }
}

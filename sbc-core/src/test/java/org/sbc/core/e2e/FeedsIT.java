package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.metrics.Counter;

/**
 * Threat feeds end to end, from the Contract's YAML through the production loader: a listed
 * source's first OPTIONS dies at the gate unparsed while a trusted source in the same list is
 * answered, and a change to the feed file is in force within its one-second refresh.
 */
class FeedsIT {

    private static final String SBC_IP = "127.0.11.1";
    private static final InetSocketAddress SIP = new InetSocketAddress(SBC_IP, 5060);

    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void dropsAListedSourcesFirstPacketAndPassesATrustedOneInTheSameFeed() throws Exception {
        Path feeds = Files.createDirectories(dir.resolve("feeds"));
        Files.writeString(feeds.resolve("voip-attackers.txt"),
                "# test list\n127.0.11.20\n127.0.11.21\n127.0.11.30/31 ; a pair\n127.0.11.40\nbogus line\n");
        Files.writeString(feeds.resolve("rejected.txt"), "127.0.11.25\n127.0.11.20\n");
        Path config = dir.resolve("sbc.yaml");
        Files.writeString(config, TestServers.listenYaml(SBC_IP, 26001) + """
                security:
                  trusted: [127.0.11.40]
                  feeds:
                    - name: local-list
                      url: file:feeds/voip-attackers.txt
                      format: plain
                      action: drop
                      refresh_seconds: 1
                    - name: reject-list
                      url: file:feeds/rejected.txt
                      action: reject
                """);
        try (SbcServer server = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)));
                SipClient listed = new SipClient("127.0.11.20", SIP);
                SipClient trusted = new SipClient("127.0.11.40", SIP);
                SipClient other = new SipClient("127.0.11.50", SIP);
                SipClient later = new SipClient("127.0.11.60", SIP)) {
            long parsedBefore = server.counters().get(Counter.UDP_DATAGRAMS_RECEIVED);
            listed.send(listed.optionsFromHere("listed-1").getBytes(StandardCharsets.US_ASCII));
            awaitTrue(() -> server.counters().get(Counter.FEED_DROPPED) == 1, "the listed source's first datagram is dropped");
            assertEquals(parsedBefore, server.counters().get(Counter.UDP_DATAGRAMS_RECEIVED),
                    "the dropped datagram never reached the framer");
            assertEquals(0, server.counters().get(Counter.MESSAGES_RECEIVED), "drop outranks reject: never parsed");
            assertEquals(Optional.empty(), listed.receive(300), "a listed source gets no answer");

            assertTrue(BanIT.tcpClosedUnanswered("127.0.11.21", SIP), "a listed source's connection is closed unanswered");
            assertEquals(2, server.counters().get(Counter.FEED_DROPPED));
            assertEquals(0, server.counters().get(Counter.TCP_CONNECTIONS_ACCEPTED), "before the connection limiter");

            try (SipClient rejected = new SipClient("127.0.11.25", SIP)) {
                assertTrue(rejected.ping("rejected").orElse("").startsWith("SIP/2.0 403"), "a reject feed answers 403");
                assertEquals(1, server.counters().get(Counter.FEED_REJECTED));
            }

            assertTrue(trusted.ping("trusted").orElse("").startsWith("SIP/2.0 200"), "a trusted source in the feed is served");
            assertTrue(other.ping("other").orElse("").startsWith("SIP/2.0 200"), "an unlisted source is served");
            assertEquals(1, server.counters().get(Counter.FEED_EXEMPT_HITS));
            AdminHttp admin = new AdminHttp(server.adminAddress());
            awaitTrue(() -> events(admin).contains("listed by feed local-list, allowed by security.trusted"),
                    "the trusted listing is reported");
            assertTrue(trusted.ping("trusted-again").isPresent());
            String all = events(admin);
            assertEquals(all.indexOf("allowed by security.trusted"), all.lastIndexOf("allowed by security.trusted"),
                    "reported once: " + all);

            assertTrue(later.ping("before-listing").isPresent());
            Files.writeString(feeds.resolve("voip-attackers.txt.new"), "127.0.11.20\n127.0.11.21\n127.0.11.60\n");
            Files.move(feeds.resolve("voip-attackers.txt.new"), feeds.resolve("voip-attackers.txt"),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            awaitTrue(() -> {
                try {
                    later.send(later.optionsFromHere("after-listing").getBytes(StandardCharsets.US_ASCII));
                    return later.receive(200).isEmpty();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "a newly listed source is dropped once the file refreshes");
        }
    }

    private static String events(AdminHttp admin) {
        try {
            return admin.get("/api/events").body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        awaitTrue(condition, () -> what);
    }

    /** Polls until {@code condition} holds; fails after 10 s with {@code what} (evaluated then). */
    static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "not within 10 s: " + what.get());
            Thread.sleep(20);
        }
    }
}

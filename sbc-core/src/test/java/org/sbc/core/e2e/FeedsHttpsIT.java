package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.e2e.FeedsIT.awaitTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.metrics.Counter;

/**
 * An https feed end to end against a provider on loopback (real TLS, its CA given through
 * {@code security.feed_ca_file}): the list with garbage lines is fetched and in force; the next
 * start sends If-None-Match and takes the 304; a truncated copy, an oversized one and a slow one
 * are refused and the list stays; with the provider gone the SBC starts offline from its last
 * good copy and drops the listed source's first packet.
 */
class FeedsHttpsIT {

    private static final String SBC_IP = "127.0.11.2";
    private static final String FEED_IP = "127.0.11.90";
    private static final String LISTED = "127.0.11.80";

    @TempDir
    Path dir;

    /** 150 separate networks (no two merge), the listed loopback address and three bad lines. */
    private static String fullList() {
        StringBuilder list = new StringBuilder("# provider list\n");
        for (int i = 0; i < 150; i++) {
            list.append("10.").append(i).append(".0.0/24\n");
        }
        return list.append(LISTED).append("\nnot-an-address\n10.0.0.1/8\n<html>\n").toString();
    }

    @Test
    @Timeout(60)
    void fetchesConditionallyRefusesBadCopiesAndStartsOfflineFromTheLastGoodCopy() throws Exception {
        InetAddress listed = InetAddress.getByName(LISTED);
        try (FeedHttpsServer provider = FeedHttpsServer.start(FEED_IP, 26443, dir)) {
            Path config = dir.resolve("sbc.yaml");
            Files.writeString(config, TestServers.listenYaml(SBC_IP, 26002) + """
                    security:
                      feed_cache: %s
                      feed_ca_file: %s
                      feeds:
                        - name: provider
                          url: %s
                          format: plain
                          action: drop
                          refresh_seconds: 600
                          max_bytes: 65536
                          timeout_seconds: 3
                    """.formatted(dir.resolve("cache"), provider.caFile(), provider.url("/list.txt")));
            SbcConfig loaded = TestServers.withTemporaryBanState(ConfigLoader.load(config));

            provider.answer(new FeedHttpsServer.Answer(fullList(), "\"v1\"", 0));
            try (SbcServer sbc = SbcServer.start(loaded)) {
                AdminHttp admin = new AdminHttp(sbc.adminAddress());
                awaitTrue(() -> sbc.reputation().labels(listed).isListed(), () -> "the fetched list is in force: "
                        + provider.served() + " " + eventsOf(admin));
                // the event reaches /api/events through the dispatcher's thread, after the swap
                awaitTrue(() -> eventsOf(admin).contains("\"skipped_lines\":\"3\""),
                        () -> "three bad lines reported: " + eventsOf(admin));
            }
            assertTrue(Files.exists(dir.resolve("cache").resolve("provider.feed")), "the last good copy is kept");

            try (SbcServer sbc = SbcServer.start(loaded)) {
                assertTrue(sbc.reputation().labels(listed).isListed(), "in force from the last good copy at start");
                awaitTrue(() -> provider.served().contains(new FeedHttpsServer.Served("\"v1\"", 304)),
                        "the next start asks If-None-Match and gets 304");
            }

            provider.answer(new FeedHttpsServer.Answer("# cut short\n10.0.0.0/24\n10.1.0.0/24\n", "\"v2\"", 0));
            assertListStaysAfter(loaded, listed, "refused_truncated");
            provider.answer(new FeedHttpsServer.Answer("10.0.0.0/24\n".repeat(10_000), "\"v3\"", 0));
            assertListStaysAfter(loaded, listed, "max_bytes");
            provider.answer(new FeedHttpsServer.Answer(fullList(), "\"v4\"", 8_000));
            assertListStaysAfter(loaded, listed, "timed out");
        }

        // the provider is gone: the SBC starts offline with its last good copy
        try (SbcServer sbc = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(dir.resolve("sbc.yaml"))));
                SipClient source = new SipClient(LISTED, new InetSocketAddress(SBC_IP, 5060));
                SipClient other = new SipClient("127.0.11.81", new InetSocketAddress(SBC_IP, 5060))) {
            assertTrue(source.ping("offline").isEmpty(), "the listed source's first packet is dropped");
            assertEquals(1, sbc.counters().get(Counter.FEED_DROPPED));
            assertTrue(other.ping("offline-other").isPresent(), "others are served");
        }
    }

    private static String eventsOf(AdminHttp admin) {
        try {
            return admin.get("/api/events").body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** Starts the SBC, waits for the refresh to be refused as {@code why} says, and checks the old list is in force. */
    private static void assertListStaysAfter(SbcConfig config, InetAddress listed, String why) throws Exception {
        try (SbcServer sbc = SbcServer.start(config)) {
            AdminHttp admin = new AdminHttp(sbc.adminAddress());
            awaitTrue(() -> {
                try {
                    return admin.get("/api/events").body().contains(why);
                } catch (Exception e) {
                    return false;
                }
            }, "a refresh refused: " + why);
            assertTrue(sbc.reputation().labels(listed).isListed(), "the previous list stays in force after " + why);
            assertFalse(sbc.counters().get(Counter.FEED_REFRESH_FAILURES) == 0);
        }
    }
}

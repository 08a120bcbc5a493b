package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.metrics.Counter;
import org.sbc.core.testing.RecordingBans;
import org.sbc.core.testing.TestPeers;
import org.sbc.feeds.IpPrefix;

/**
 * The secfilter step on a real server started from a config file: SIPVicious's svmap gets no
 * answer, a hostile User-Agent is dropped, a denied destination gets 403, and the admin API
 * reloads the lists with no moment in which they are empty.
 */
@Timeout(90)
class SecFilterIT {

    private static final String SBC_IP = "127.0.20.1";
    private static final int ADMIN_PORT = 18201;
    private static final InetSocketAddress SBC = new InetSocketAddress(TestPeers.ip(SBC_IP), 5060);

    @TempDir
    static Path dir;
    private static Path configFile;
    private static final RecordingBans BANS = new RecordingBans();
    private static SbcServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The reload test's caller (127.0.20.5) sends 200 INVITEs in a burst: it is a manual allow,
     * so the rate limiter lets the burst through while secfilter still judges every request.
     */
    private static String config(String denyPrefixes) {
        return TestServers.listenYaml(SBC_IP, ADMIN_PORT)
                + "security:\n  allow: [127.0.20.5]\n  secfilter:\n    destination:\n      deny_prefix: ["
                + denyPrefixes + "]\n";
    }

    @BeforeAll
    static void start() throws Exception {
        configFile = Files.writeString(dir.resolve("sbc.yaml"), config("'00'"));
        server = TestServers.start(configFile, BANS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String invite(SipClient client, String user, String callId) {
        String local = client.localAddress();
        return "INVITE sip:" + user + "@" + SBC_IP + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@" + SBC_IP + ">;tag=" + callId + "\r\n"
                + "To: <sip:" + user + "@" + SBC_IP + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /**
     * The status code of the answer to {@code request}, 0 when none came in time. Answers to
     * earlier requests of the same client (a call passed on to the B2BUA answers again later) are
     * skipped by their Call-ID, so a late one is never taken for this request's.
     */
    static int status(SipClient client, String request, int timeoutMillis) throws Exception {
        String callIdLine = request.lines().filter(line -> line.startsWith("Call-ID:")).findFirst().orElseThrow();
        client.send(request.getBytes(StandardCharsets.US_ASCII));
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (long left = timeoutMillis; left > 0; left = (deadline - System.nanoTime()) / 1_000_000L) {
            Optional<String> answer = client.receive((int) left);
            if (answer.isEmpty()) {
                return 0;
            }
            if (answer.get().lines().anyMatch(callIdLine::equals)) {
                return Integer.parseInt(answer.get().substring(8, 11));
            }
        }
        return 0;
    }

    private static HttpResponse<String> reload() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + SBC_IP + ":" + ADMIN_PORT + "/api/secfilter/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void svmapFindsNothingAndItsSourceIsBanned() throws Exception {
        long before = server.counters().get(Counter.SECFILTER_DROPPED);

        String output = Sipvicious.run("svmap", List.of("-p", "5060", "-P", "5072"), "127.0.20.2", SBC_IP, 30);

        assertTrue(output.contains("found nothing"), output);
        assertTrue(server.counters().get(Counter.SECFILTER_DROPPED) > before, output);
        assertTrue(BANS.requests().stream().anyMatch(r -> r.target().equals(IpPrefix.of(TestPeers.ip("127.0.20.2")))
                && r.reason() == BanReason.SCANNER), BANS.requests().toString());
    }

    @Test
    void dropsAHostileUserAgentAndAnswersEveryoneElse() throws Exception {
        try (SipClient client = new SipClient("127.0.20.3", SBC)) {
            String scanner = client.optionsFromHere("ua-1").replace("Content-Length: 0\r\n",
                    "User-Agent: sipcli/v1.8\r\nContent-Length: 0\r\n");
            assertEquals(0, status(client, scanner, 1_000));
            assertEquals(200, status(client, client.optionsFromHere("ua-2"), 3_000));
        }
    }

    @Test
    void rejectsADeniedDestinationWith403() throws Exception {
        try (SipClient client = new SipClient("127.0.20.4", SBC)) {
            assertEquals(403, status(client, invite(client, "0088123", "dst-1"), 3_000));
            assertEquals(100, status(client, invite(client, "200", "dst-2"), 3_000), "passed on to the B2BUA, which answers 100 Trying");
        }
    }

    @Test
    void reloadSwapsTheListsWithoutAGapAndKeepsThemWhenTheFileIsBad() throws Exception {
        try (SipClient client = new SipClient("127.0.20.5", SBC)) {
            assertEquals(100, status(client, invite(client, "900", "rl-0"), 3_000), "passed on to the B2BUA");

            // While the file flips between two valid versions and reloads run, a denied call
            // must be refused every single time: a reload never leaves the lists empty.
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService reloader = Executors.newSingleThreadExecutor();
            Future<Integer> reloads = reloader.submit(() -> {
                int done = 0;
                while (!stop.get() && done < 40) {
                    Files.writeString(configFile, config(done % 2 == 0 ? "'00', '900'" : "'00'"));
                    assertEquals(200, reload().statusCode());
                    done++;
                }
                return done;
            });
            for (int i = 0; i < 200; i++) {
                assertEquals(403, status(client, invite(client, "0049301234", "rl-" + i + "-x"), 3_000), "call " + i);
            }
            stop.set(true);
            assertTrue(reloads.get() > 0);
            reloader.shutdown();

            Files.writeString(configFile, config("'00', '900'"));
            HttpResponse<String> good = reload();
            assertEquals(200, good.statusCode(), good.body());
            assertEquals(403, status(client, invite(client, "900", "rl-1"), 3_000));

            Files.writeString(configFile, config("'00', '9 00'"));
            HttpResponse<String> bad = reload();
            assertEquals(400, bad.statusCode(), bad.body());
            assertTrue(bad.body().startsWith(configFile + ":11:27: security.secfilter.destination.deny_prefix[1]: "),
                    bad.body());
            assertEquals(403, status(client, invite(client, "900", "rl-2"), 3_000), "the old lists stay in force");
            assertFalse(server.counters().get(Counter.SECFILTER_RELOAD_FAILURES) == 0);
        }
    }
}

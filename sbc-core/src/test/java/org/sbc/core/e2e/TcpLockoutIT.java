package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.metrics.Counter;
import org.sbc.feeds.IpPrefix;

/**
 * Issue 14's TCP lock-out, tried as an attacker would on loopback: many sources fill the
 * connection table with idle connections. A phone connecting from elsewhere is still served (the
 * oldest silent connection makes room), the silent ones are closed at the first-message
 * deadline, and a source that keeps opening silent connections is banned.
 */
class TcpLockoutIT {

    private static final String SBC_IP = "127.0.19.1";
    private static final int TOTAL = 40;

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void aFullTableStillServesAPhoneAndSilentHoardersAreClosedAndBanned() throws Exception {
        Path config = dir.resolve("sbc.yaml");
        Files.writeString(config, TestServers.listenYaml(SBC_IP, 18791) + """
                limits:
                  tcp_connections_total: %d
                  tcp_connections_per_source: 5
                  tcp_connections_per_prefix: 1000
                  tcp_connections_per_wide_prefix: 1000
                  tcp_first_message_seconds: 2
                """.formatted(TOTAL));
        List<Socket> hoarded = new ArrayList<>();
        try (SbcServer server = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)))) {
            InetSocketAddress sip = new InetSocketAddress(SBC_IP, 5060);
            for (int source = 10; source < 20; source++) {
                for (int i = 0; i < 4; i++) {
                    hoarded.add(open("127.0.19." + source, sip));
                }
            }
            await(() -> server.counters().get(Counter.TCP_CONNECTIONS_ACCEPTED) >= TOTAL, "the table fills");

            byte[] options = SipClient.options("127.0.19.100", 5060, SBC_IP + ":5060", "TCP", "lockout-phone")
                    .getBytes(StandardCharsets.US_ASCII);
            String answer = SipClient.tcp("127.0.19.100", sip, options, 3_000).received();
            assertTrue(answer.startsWith("SIP/2.0 200 OK"), "a phone is served while the table is full: " + answer);
            assertTrue(server.counters().get(Counter.TCP_CONNECTIONS_EVICTED) >= 1, "a silent connection made room");

            await(() -> server.counters().get(Counter.TCP_FIRST_MESSAGE_TIMEOUTS) >= TOTAL - 1,
                    "every other silent connection is closed at the deadline");

            for (int i = 0; i < 5; i++) {
                hoarded.add(open("127.0.19.50", sip));
            }
            await(() -> server.bans().list().stream()
                    .anyMatch(ban -> ban.target().equals(IpPrefix.parse("127.0.19.50").orElseThrow())),
                    "a source whose connections keep saying nothing is banned");
            assertEquals(0, server.bans().list().stream()
                    .filter(ban -> ban.target().equals(IpPrefix.parse("127.0.19.100").orElseThrow())).count(),
                    "the phone is not");
        } finally {
            for (Socket socket : hoarded) {
                socket.close();
            }
        }
    }

    private static Socket open(String from, InetSocketAddress to) throws Exception {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(to, 2_000);
        return socket;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within 15 s: " + what);
            }
            Thread.sleep(50); // polling a counter under the deadline above
        }
    }
}

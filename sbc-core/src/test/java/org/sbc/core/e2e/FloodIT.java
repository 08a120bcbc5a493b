package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.ban.Ban;
import org.sbc.core.edge.flood.FloodConfig;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.Transport;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;

/**
 * The flood guard against real floods, on the embedded default thresholds: a sipp flood at
 * 5,000/s for 20 s from one address is banned within one sampling window while a legitimate
 * peer at 50/s keeps being answered, and while a legitimate caller keeps placing calls; a flood spread over 64 addresses of a /24, each below the
 * per-address density, gets the /24 banned; a flood over one TCP connection gets its source
 * banned and the connection closed; a trusted address is never banned.
 */
class FloodIT {

    private static final String SBC_IP = "127.0.10.1";
    private static final String LEGIT_IP = "127.0.10.3";
    private static final String FLOODER_IP = "127.0.10.4";
    private static final String TRUSTED_IP = "127.0.10.7";
    /** The PBX behind the SBC, trusted as docs/security.md says it should be. */
    private static final String PBX_IP = "127.0.10.20";
    private static final InetSocketAddress SIP = new InetSocketAddress(SBC_IP, 5060);
    private static SbcServer server;

    @BeforeAll
    static void start() throws Exception {
        SbcConfig config = TestServers.config(SBC_IP, 18110);
        config = config.withSecurity(config.security().withTrusted(CidrSet.of(List.of(
                        IpPrefix.parse(TRUSTED_IP).orElseThrow(), IpPrefix.parse(PBX_IP).orElseThrow()))))
                .withPbx(new PbxTarget("sip:" + PBX_IP + ":5080", PBX_IP, 5080, Transport.UDP));
        assertEquals(FloodConfig.DEFAULT, config.security().flood(), "the test runs on the default thresholds");
        server = SbcServer.start(config);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void floodIsBannedWithinOneWindowWhileALegitimatePeerIsAnswered() throws Exception {
        // 1,200 OPTIONS at 50/s (24 s) from the legitimate peer, around 20 s of flood at 5,000/s.
        Sipp.Running legit = Sipp.start("options.xml", "u1", LEGIT_IP, SBC_IP + ":5060", 1_200, 50, 45);
        Thread.sleep(2_000);
        Sipp.Running flood = Sipp.start("flood-options.xml", "u1", FLOODER_IP, SBC_IP + ":5060", 100_000, 5_000, 40);
        Sipp.Result flooded = flood.await();
        Sipp.Result answered = legit.await();

        assertTrue(flooded.successful() >= 50_000, "sipp sent the flood: " + flooded.output());
        Ban ban = server.bans().get(IpPrefix.parse(FLOODER_IP).orElseThrow()).orElseThrow(() ->
                new AssertionError("the flooder is not banned; bans: " + server.bans().list()));
        Duration window = Duration.ofSeconds(FloodConfig.DEFAULT.samplingSeconds());
        Duration caughtAfter = Duration.between(ban.evidence().firstSeen(), ban.evidence().lastSeen());
        assertTrue(caughtAfter.compareTo(window) <= 0, "banned " + caughtAfter + " after its first message");
        assertEquals("density 200 per 2 s", ban.evidence().rule());
        assertTrue(ban.evidence().counters().get("messages_in_window") > 200);
        assertTrue(ban.hits() >= flooded.successful() / 2, "the gate dropped the flood: " + ban.hits());
        assertTrue(server.counters().get(Counter.FLOOD_DROPPED) < 1_000, "dropped before the ban took hold");

        long total = answered.successful() + answered.failed();
        assertEquals(1_200, total, answered.output());
        assertTrue(answered.successful() * 1_000 >= total * 999,
                "legitimate peer answered " + answered.successful() + " of " + total);
        assertFalse(server.bans().isBanned(InetAddress.getByName(LEGIT_IP)));
    }

    @Test
    void floodIsBannedWhileALegitimateCallerKeepsPlacingCalls() throws Exception {
        // 130 calls at 5/s (under the default INVITE rate limit) through the B2BUA to a sipp PBX,
        // around 20 s of flood at 5,000/s.
        SippRun pbx = SippRun.startWith("-sn uas", PBX_IP, 5080, "u1", "", List.of());
        SippRun caller = null;
        try {
            pbx.awaitListening(Duration.ofSeconds(5));
            caller = SippRun.startWith("-sn uac", "127.0.10.8", 5071, "u1", SBC_IP + ":5060",
                    List.of("-m", "130", "-r", "5", "-d", "500"));
            Thread.sleep(2_000);
            Sipp.Result flooded = Sipp.start("flood-options.xml", "u1", "127.0.10.9", SBC_IP + ":5060",
                    100_000, 5_000, 40).await();
            assertTrue(flooded.successful() >= 50_000, "sipp sent the flood: " + flooded.output());
            caller.assertSucceeds("legitimate caller: every one of its 130 calls completed");
        } finally {
            if (caller != null) {
                caller.stop();
            }
            pbx.stop();
        }
        assertTrue(server.bans().isBanned(InetAddress.getByName("127.0.10.9")), "the flooder is banned");
        assertFalse(server.bans().isBanned(InetAddress.getByName("127.0.10.8")));
        assertTrue(server.counters().get(Counter.CALLS_ANSWERED) >= 130);
    }

    @Test
    void floodSpreadOverANetworkGetsThePrefixBanned() throws Exception {
        List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (int host = 1; host <= 64; host++) {
                sockets.add(new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.11." + host), 0)));
            }
            // 100 OPTIONS from each address: half its own density, 6,400 from the /24 (limit 1,000).
            for (int round = 0; round < 100; round++) {
                for (DatagramSocket socket : sockets) {
                    byte[] bytes = SipClient.options(socket.getLocalAddress().getHostAddress(), socket.getLocalPort(),
                            SBC_IP + ":5060", "UDP", "spread-" + round + "-" + socket.getLocalPort())
                            .getBytes(StandardCharsets.US_ASCII);
                    socket.send(new DatagramPacket(bytes, bytes.length, SIP));
                }
            }
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
        IpPrefix network = IpPrefix.parse("127.0.11.0/24").orElseThrow();
        Optional<Ban> ban = Optional.empty();
        for (int i = 0; i < 50 && ban.isEmpty(); i++) {
            ban = server.bans().get(network);
            Thread.sleep(100);
        }
        assertTrue(ban.isPresent(), "the /24 is banned; bans: " + server.bans().list());
        assertEquals("density_per_24 1000 per 2 s", ban.get().evidence().rule());
        for (int host = 1; host <= 64; host++) {
            assertTrue(server.bans().get(IpPrefix.parse("127.0.11." + host).orElseThrow()).isEmpty(),
                    "no single address crossed its own density");
        }
        AdminHttp.Reply why = new AdminHttp(server.adminAddress()).get("/api/bans/127.0.11.200");
        assertEquals(200, why.status(), why.body());
        assertTrue(why.body().contains("density_per_24"), why.body());
    }

    @Test
    void floodOverOneTcpConnectionIsBannedAndTheConnectionClosed() throws Exception {
        String flooder = "127.0.10.5";
        boolean closed = false;
        int sent = 0;
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(flooder), 0));
            socket.connect(SIP, 2_000);
            socket.setSoTimeout(3_000);
            java.io.OutputStream out = socket.getOutputStream();
            try {
                for (; sent < 1_000; sent++) {
                    out.write(SipClient.options(flooder, 5060, SBC_IP, "TCP", "tcp-flood-" + sent)
                            .getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                java.io.InputStream in = socket.getInputStream();
                byte[] buffer = new byte[65_536];
                while (in.read(buffer) >= 0) {
                    // answers until the ban, then the end of the stream
                }
                closed = true;
            } catch (java.net.SocketException e) {
                closed = true; // reset by the SBC while we were still writing
            }
        }
        assertTrue(closed, "the SBC closed the flooding connection");
        int written = sent;
        Ban ban = server.bans().get(IpPrefix.parse(flooder).orElseThrow()).orElseThrow(() ->
                new AssertionError("not banned after " + written + " messages; bans: " + server.bans().list()));
        assertEquals("density 200 per 2 s", ban.evidence().rule());
    }

    @Test
    void trustedAddressIsNeverBannedWhateverItSends() throws Exception {
        long floodsBefore = server.counters().get(Counter.FLOODS_DETECTED);
        long answeredBefore = server.counters().get(Counter.OPTIONS_ANSWERED);
        try (SipClient trusted = new SipClient(TRUSTED_IP, SIP)) {
            for (int i = 0; i < 5_000; i++) {
                trusted.send(trusted.optionsFromHere("trusted-" + i).getBytes(StandardCharsets.US_ASCII));
                if (i % 500 == 499) {
                    Thread.sleep(20); // still far above every density, but within the socket buffers
                }
            }
            assertFalse(server.bans().isBanned(InetAddress.getByName(TRUSTED_IP)));
            assertEquals(floodsBefore, server.counters().get(Counter.FLOODS_DETECTED));
            for (int i = 0; i < 50 && server.counters().get(Counter.OPTIONS_ANSWERED) - answeredBefore <= 1_000; i++) {
                Thread.sleep(100);
            }
            assertTrue(server.counters().get(Counter.OPTIONS_ANSWERED) - answeredBefore > 1_000,
                    "the trusted flood was answered, not limited");
            AdminHttp.Reply refused = new AdminHttp(server.adminAddress())
                    .post("/api/bans", "{\"address\":\"" + TRUSTED_IP + "\"}");
            assertEquals(409, refused.status(), refused.body());
        }
        try (SipClient again = new SipClient(TRUSTED_IP, SIP)) {
            // the SBC may still be answering the flood's backlog on a busy machine: three pings, 3 s each
            boolean answered = false;
            for (int attempt = 0; attempt < 3 && !answered; attempt++) {
                answered = again.ping("still-answered-" + attempt).isPresent();
            }
            assertTrue(answered, "a trusted source is still answered after its flood");
        }
    }
}

package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.cli.BansCommand;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.metrics.Counter;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;

/**
 * The ban table end to end: bans made through the admin API and the CLI stop a source's UDP
 * and TCP traffic before it is parsed, lifting them lets it back, and a restart keeps them.
 */
class BanIT {

    /** Each test has its own server address, so no TCP TIME_WAIT of one test meets the next. */
    private static final String SBC_IP = "127.0.13.1";
    private static final InetSocketAddress SIP = new InetSocketAddress(SBC_IP, 5060);

    @Test
    void bannedSourceIsNotAnsweredUntilTheBanIsLifted() throws Exception {
        try (SbcServer server = TestServers.start(SBC_IP, 18100);
                SipClient banned = new SipClient("127.0.13.2", SIP);
                SipClient other = new SipClient("127.0.13.3", SIP)) {
            AdminHttp admin = new AdminHttp(server.adminAddress());
            assertTrue(banned.ping("before").isPresent());

            AdminHttp.Reply added = admin.post("/api/bans", "{\"address\":\"127.0.13.2\",\"seconds\":600,\"note\":\"test\"}");
            assertEquals(201, added.status(), added.body());
            assertTrue(banned.ping("during").isEmpty(), "a banned source gets no answer");
            assertTrue(other.ping("other").isPresent(), "everyone else is still answered");
            assertTrue(tcpClosedUnanswered("127.0.13.2", SIP), "a banned source's connection is closed unanswered");
            assertTrue(server.counters().get(Counter.BAN_DATAGRAMS_DROPPED) >= 1);
            assertEquals(1, server.counters().get(Counter.BAN_CONNECTIONS_REFUSED));

            AdminHttp.Reply why = admin.get("/api/bans/127.0.13.2");
            assertEquals(200, why.status(), why.body());
            assertTrue(why.body().contains("\"banned\":true") && why.body().contains("\"reason\":\"manual\"")
                    && why.body().contains("\"note\":\"test\""), why.body());

            assertEquals(200, admin.delete("/api/bans/127.0.13.2").status());
            assertTrue(banned.ping("after").isPresent(), "answered again once the ban is lifted");
            assertEquals(404, admin.get("/api/bans/127.0.13.2").status());
        }
    }

    @Test
    void banClosesTheSourcesOpenConnections() throws Exception {
        InetSocketAddress sip = new InetSocketAddress("127.0.15.1", 5060);
        try (SbcServer server = TestServers.start("127.0.15.1", 18101); Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.15.4"), 0));
            socket.connect(sip, 2_000);
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(SipClient.options("127.0.15.4", 5060, "127.0.15.1", "TCP", "open")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertTrue(in.read(new byte[4_096]) > 0, "answered while not banned");

            AdminHttp.Reply added = new AdminHttp(server.adminAddress()).post("/api/bans", "{\"address\":\"127.0.15.0/24\"}");
            assertEquals(201, added.status(), added.body());
            assertTrue(closedByServer(in), "the open connection is closed by the ban");
            assertEquals(1, server.counters().get(Counter.BAN_CONNECTIONS_CLOSED));
        }
    }

    /** Connects from {@code localIp}, sends an OPTIONS; true if the SBC closed without a byte. */
    static boolean tcpClosedUnanswered(String localIp, InetSocketAddress server) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
            socket.connect(server, 2_000);
            socket.setSoTimeout(2_000);
            try {
                socket.getOutputStream().write(SipClient.options(localIp, 5060, server.getAddress().getHostAddress(),
                        "TCP", "tcp-banned").getBytes(StandardCharsets.US_ASCII));
            } catch (SocketException e) {
                return true; // reset: already closed
            }
            return closedByServer(socket.getInputStream());
        }
    }

    private static boolean closedByServer(InputStream in) throws Exception {
        try {
            return in.read(new byte[4_096]) < 0;
        } catch (SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void restartKeepsTheBans() throws Exception {
        SbcConfig config = TestServers.config("127.0.13.21", 18102);
        try (SbcServer first = SbcServer.start(config)) {
            AdminHttp admin = new AdminHttp(first.adminAddress());
            assertEquals(201, admin.post("/api/bans", "{\"address\":\"127.0.13.5\",\"seconds\":3600}").status());
            assertEquals(201, admin.post("/api/bans", "{\"address\":\"127.0.14.0/24\",\"seconds\":3600}").status());
        }
        assertTrue(Files.readString(config.security().ban().stateFile().orElseThrow()).contains("127.0.14.0/24"));
        try (SbcServer second = SbcServer.start(config); SipClient client = new SipClient("127.0.13.5", new InetSocketAddress("127.0.13.21", 5060))) {
            assertEquals(2, second.bans().list().size());
            assertTrue(client.ping("after-restart").isEmpty(), "still banned after the restart");
            AdminHttp.Reply why = new AdminHttp(second.adminAddress()).get("/api/bans/127.0.14.9");
            assertEquals(200, why.status(), why.body());
            assertTrue(why.body().contains("\"target\":\"127.0.14.0/24\""), why.body());
        }
    }

    @Test
    void refusesToBanTrustedAddresses() throws Exception {
        SbcConfig config = TestServers.config("127.0.13.31", 18103);
        config = config.withSecurity(config.security().withTrusted(
                CidrSet.of(List.of(IpPrefix.parse("127.0.13.0/28").orElseThrow()))));
        try (SbcServer server = SbcServer.start(config)) {
            AdminHttp admin = new AdminHttp(server.adminAddress());
            AdminHttp.Reply refused = admin.post("/api/bans", "{\"address\":\"127.0.13.6\"}");
            assertEquals(409, refused.status(), refused.body());
            assertTrue(refused.body().contains("trusted"), refused.body());
            assertEquals(400, admin.post("/api/bans", "{\"address\":\"127.0.13.6/8\"}").status());
            assertEquals(400, admin.post("/api/bans", "{\"address\":\"127.0.13.9\",\"seconds\":0}").status());
            assertEquals(0, server.bans().size());
        }
    }

    @Test
    void cliAddsListsExplainsAndRemovesBans() throws Exception {
        try (SbcServer server = TestServers.start("127.0.13.41", 18104)) {
            String adminUrl = new AdminHttp(server.adminAddress()).base();
            Cli add = Cli.run("add", "127.0.13.7", "--seconds", "120", "--note", "from the CLI", "--admin", adminUrl);
            assertEquals(0, add.exit(), add.err());
            assertTrue(add.out().contains("banned 127.0.13.7/32"), add.out());

            Cli list = Cli.run("list", "--admin", adminUrl);
            assertEquals(0, list.exit(), list.err());
            assertTrue(list.out().contains("127.0.13.7/32") && list.out().contains("manual"), list.out());

            Cli why = Cli.run("why", "127.0.13.7", "--admin", adminUrl);
            assertEquals(0, why.exit(), why.err());
            assertTrue(why.out().contains("127.0.13.7/32: banned"), why.out());
            assertTrue(why.out().contains("note: from the CLI"), why.out());

            assertEquals(0, Cli.run("remove", "127.0.13.7", "--admin", adminUrl).exit());
            assertEquals(4, Cli.run("why", "127.0.13.7", "--admin", adminUrl).exit());
            assertEquals(4, Cli.run("remove", "127.0.13.7", "--admin", adminUrl).exit());
            assertEquals(1, Cli.run("add", "not-an-address", "--admin", adminUrl).exit());
            assertEquals(2, Cli.run("add", "--admin", adminUrl).exit());
        }
        assertEquals(3, Cli.run("list", "--admin", "http://127.0.13.1:18199").exit(), "nothing listens there");
    }

    private record Cli(int exit, String out, String err) {
        static Cli run(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = BansCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void monitorModeListsBansButLetsTrafficThrough() throws Exception {
        SbcConfig config = TestServers.config("127.0.13.51", 18105);
        config = config.withSecurity(config.security().withBan(
                config.security().ban().withMode(org.sbc.policies.Mode.MONITOR)));
        try (SbcServer server = SbcServer.start(config); SipClient client = new SipClient("127.0.13.8", new InetSocketAddress("127.0.13.51", 5060))) {
            assertEquals(201, new AdminHttp(server.adminAddress()).post("/api/bans", "{\"address\":\"127.0.13.8\"}").status());
            assertTrue(client.ping("monitored").isPresent());
            assertEquals(1, server.counters().get(Counter.BAN_MONITORED));
            assertFalse(server.bans().list().isEmpty());
            AdminHttp admin = new AdminHttp(server.adminAddress());
            assertEquals("", admin.get("/api/bans?format=plain").body(), "the kernel must not drop what the SBC only watches");
            String nft = admin.get("/api/bans?format=nftables").body();
            assertTrue(nft.contains("flush set inet sbc banned4") && !nft.contains("add element inet sbc banned4"), nft);
        }
    }
}

package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.SbcServer;
import org.sbc.core.e2e.KamailioRegistrar.Challenge;
import org.sbc.core.e2e.KamailioRegistrar.Location;
import org.sbc.core.metrics.Counter;
import org.sbc.core.testing.TestCertificates;

/**
 * Phones in front of a real registrar, over UDP, TCP and TLS: two baresip phones register
 * through the SBC's listener of that transport with Kamailio (registrar.cfg with AUTH_CALLS:
 * REGISTER and INVITE both digest-challenged) and one calls the other by user name, with audio
 * through the anchored media; a phone with a wrong password (over TLS, through stunnel) is
 * refused by Kamailio and the SBC's pass-through auth counting sees it.
 *
 * <pre>
 * alice (baresip) ─udp|tcp|tls─┐                                 ┌─ Kamailio 127.0.21.3:21060 (udp)
 *                              ├ 127.0.21.1:21062 (21061 tls) ┤ SBC ├ 127.0.21.2:21070
 * bob   (baresip) ─udp|tcp|tls─┘                                 (alice → SBC → Kamailio → SBC → bob)
 * </pre>
 */
class RealRegistrarCallsIT {

    private static final String SBC_IP = "127.0.21.1";
    private static final String SBC_INSIDE = "127.0.21.2";
    private static final String REGISTRAR_IP = "127.0.21.3";
    private static final int REGISTRAR_PORT = 21060;
    private static final int TLS_PORT = 21061;
    private static final int PLAIN_PORT = 21062;
    private static final int INSIDE_PORT = 21070;
    private static final String ALICE_IP = "127.0.21.30";
    private static final String BOB_IP = "127.0.21.31";
    private static final String ALICE_RTP = "21600-21649";
    private static final String BOB_RTP = "21650-21699";
    private static final String TUNNEL_IP = "127.0.21.40";
    private static final int TUNNEL_PORT = 21040;
    private static final String WRONG_PHONE_IP = "127.0.21.41";
    private static final String DOMAIN = "tenant-a.example";
    private static final int PER_USER = 2;
    /** Half a second of 20 ms packets. */
    private static final int ENOUGH_PACKETS = 25;

    private static Path dir;
    private static Path certificate;
    private static KamailioRegistrar registrar;
    private static SbcServer sbc;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("real-registrar-tls");
        registrar = KamailioRegistrar.start(REGISTRAR_IP, REGISTRAR_PORT, dir.resolve("kamailio"), Challenge.CALLS);
        Path certs = Files.createDirectories(dir.resolve("certs"));
        certificate = TestCertificates.selfSigned(certs, "sbc", SBC_IP).cert();
        sbc = TestServers.startFromYaml(dir,
                "outside:",
                "  listen: [udp:" + SBC_IP + ":" + PLAIN_PORT + ", tcp:" + SBC_IP + ":" + PLAIN_PORT + ", tls:" + SBC_IP
                        + ":" + TLS_PORT + "]",
                "  tls: { certificate: certs/sbc.pem, key: certs/sbc.key }",
                "inside:",
                "  listen: [udp:" + SBC_INSIDE + ":" + INSIDE_PORT + "]",
                "  pbx: sip:" + REGISTRAR_IP + ":" + REGISTRAR_PORT,
                "admin:",
                "  listen: " + SBC_IP + ":21080",
                "security:",
                "  trusted: [" + REGISTRAR_IP + "/32]",
                "  auth:",
                "    failures: { per_user: " + PER_USER + ", per_source: 20 }",
                "b2bua:",
                "  keepalive_seconds: 0",
                "media:",
                "  ports: 21200-21399");
    }

    @AfterAll
    static void stop() throws Exception {
        try (KamailioRegistrar fronted = registrar; SbcServer server = sbc) {
            // closed in reverse: the SBC first, then the registrar behind it (either may be null)
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp", "tls"})
    void phonesRegisterWithTheSbcsContactsAndCallByNameWithAudioBothWays(String transport) throws Exception {
        Path pcap = dir.resolve("call-" + transport + ".pcap");
        InetSocketAddress listener = new InetSocketAddress(SBC_IP, transport.equals("tls") ? TLS_PORT : PLAIN_PORT);
        // users of their own per transport, so that no binding of an earlier run answers
        String aliceUser = "alice-" + transport;
        String bobUser = "bob-" + transport;
        try (PcapCapture capture = PcapCapture.start(pcap, "udp and net 127.0.21.0/24");
                BaresipPhone bob = BaresipPhone.startVia(transport, dir.resolve("bob-" + transport),
                        bobUser + "@" + DOMAIN, KamailioRegistrar.PASSWORD, BOB_IP, listener, certificate, BOB_RTP);
                BaresipPhone alice = BaresipPhone.startVia(transport, dir.resolve("alice-" + transport),
                        aliceUser + "@" + DOMAIN, KamailioRegistrar.PASSWORD, ALICE_IP, listener, certificate,
                        ALICE_RTP)) {
            for (String user : List.of(aliceUser, bobUser)) {
                registrar.awaitLocations(user + "@" + DOMAIN, 1, Duration.ofSeconds(5));
                Location binding = registrar.locations(user + "@" + DOMAIN).get(0);
                // Kamailio reaches the phone at the SBC's inside listener, never at the phone.
                assertTrue(binding.contact().contains("@" + SBC_INSIDE + ":" + INSIDE_PORT), binding.toString());
                assertTrue(binding.received().isEmpty() || binding.received().contains(SBC_INSIDE), binding.toString());
            }

            // Kamailio answers the INVITE 407; baresip answers the challenge through the SBC.
            alice.dial("sip:" + bobUser + "@" + DOMAIN);
            alice.expect(BaresipPhone.CALL_ESTABLISHED, Duration.ofSeconds(10), "alice's call to bob was not answered");
            bob.expect(BaresipPhone.CALL_ESTABLISHED, Duration.ofSeconds(5), "bob did not answer");

            // Audio on the wire: the SBC's relay sends RTP to each phone's RTP port, both phones to the SBC.
            Audio audio = Audio.NONE;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!audio.bothWays() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                audio = Files.size(pcap) < 24 ? Audio.NONE : Audio.of(PcapCapture.read(pcap)); // 24: pcap's header
            }
            assertTrue(audio.bothWays(), audio + "; capture " + pcap + "\nalice:\n" + alice.log());

            alice.hangup();
            bob.expect(BaresipPhone.CALL_TERMINATED, Duration.ofSeconds(5), "bob's call did not end on alice's BYE");
        }
        assertTrue(registrar.logTail(400).contains("INVITE from sip:" + aliceUser + "@" + DOMAIN + " challenged"),
                "Kamailio challenged the call:\n" + registrar.logTail(60));
    }

    @Test
    void wrongPasswordOverTlsIsRefusedByTheRegistrarAndCountedByTheSbc() throws Exception {
        String user = "mallory";
        long failedBefore = sbc.counters().get(Counter.AUTH_FAILED);
        try (Stunnel tunnel = Stunnel.client(dir.resolve("stunnel"), TUNNEL_IP, TUNNEL_PORT, SBC_IP, TLS_PORT,
                certificate)) {
            for (int attempt = 1; attempt <= PER_USER; attempt++) {
                try (SipPeer phone = SipPeer.tcp(user, WRONG_PHONE_IP, new InetSocketAddress(TUNNEL_IP, TUNNEL_PORT))) {
                    assertEquals(401, DigestPhone.register(phone, DOMAIN, "not-" + KamailioRegistrar.PASSWORD,
                            user + "-" + attempt, 1, phone.contact(), 600), "Kamailio's answer to a wrong password");
                }
            }
            assertEquals(failedBefore + PER_USER, sbc.counters().get(Counter.AUTH_FAILED),
                    "each refused REGISTER that carried credentials is one failure");
            try (SipPeer phone = SipPeer.tcp(user, WRONG_PHONE_IP, new InetSocketAddress(TUNNEL_IP, TUNNEL_PORT))) {
                assertEquals(403, DigestPhone.register(phone, DOMAIN, KamailioRegistrar.PASSWORD, user + "-blocked", 1,
                        phone.contact(), 600), "at per_user the SBC blocks the user from this source, password or not");
            }
        }
        assertEquals(List.of(), registrar.locations(user + "@" + DOMAIN), "no binding for a wrong password");
    }

    /** RTP on the capture, per direction between the SBC's outside address and each phone's RTP port range. */
    private record Audio(int toAlice, int toBob, int fromAlice, int fromBob) {

        static final Audio NONE = new Audio(0, 0, 0, 0);

        boolean bothWays() {
            return toAlice >= ENOUGH_PACKETS && toBob >= ENOUGH_PACKETS && fromAlice >= ENOUGH_PACKETS
                    && fromBob >= ENOUGH_PACKETS;
        }

        static Audio of(List<PcapCapture.Packet> packets) {
            int toAlice = 0;
            int toBob = 0;
            int fromAlice = 0;
            int fromBob = 0;
            for (PcapCapture.Packet p : packets) {
                if (!p.isG711Rtp()) {
                    continue;
                }
                // The phones' RTP sockets are bound to 0.0.0.0 (see BaresipPhone): only their ports tell them apart.
                if (p.src().equals(SBC_IP)) {
                    toAlice += in(p.dstPort(), ALICE_RTP) ? 1 : 0;
                    toBob += in(p.dstPort(), BOB_RTP) ? 1 : 0;
                } else if (p.dst().equals(SBC_IP)) {
                    fromAlice += in(p.srcPort(), ALICE_RTP) ? 1 : 0;
                    fromBob += in(p.srcPort(), BOB_RTP) ? 1 : 0;
                }
            }
            return new Audio(toAlice, toBob, fromAlice, fromBob);
        }

        private static boolean in(int port, String range) {
            String[] bounds = range.split("-");
            return port >= Integer.parseInt(bounds[0]) && port <= Integer.parseInt(bounds[1]);
        }
    }
}

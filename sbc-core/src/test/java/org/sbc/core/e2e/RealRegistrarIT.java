package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.metrics.Counter;

/**
 * The SBC in front of a real registrar: Kamailio from Debian's packages (usrloc in memory,
 * digest-challenged REGISTER, lookup then t_relay, record_route; its config is
 * src/test/resources/kamailio/registrar.cfg), with phones registering through the SBC. Each
 * test is one of the first-day problems of a new user, and uses its own address-of-record, so
 * the tests share one registrar and one SBC.
 */
class RealRegistrarIT {

    private static final String SBC_IP = "127.0.61.1";
    private static final String REGISTRAR_IP = "127.0.61.2";
    private static final String PHONE_IP = "127.0.61.30";
    private static final String SECOND_PHONE_IP = "127.0.61.31";
    private static final String CALLER_IP = "127.0.61.40";
    private static final String PASSWORD = KamailioRegistrar.PASSWORD;
    private static final String DOMAIN = "tenant-a.example";
    private static final InetSocketAddress SBC = new InetSocketAddress(SBC_IP, 5060);
    private static final InetSocketAddress REGISTRAR = new InetSocketAddress(REGISTRAR_IP, 5060);
    /** Idle TCP connections close after this; a registration lasts far longer. */
    private static final int IDLE_SECONDS = 2;

    private static KamailioRegistrar registrar;
    private static SbcServer sbc;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("real-registrar");
        registrar = KamailioRegistrar.start(REGISTRAR_IP, 5060, dir.resolve("kamailio"));
        Path config = Files.writeString(dir.resolve("sbc.yaml"), """
                outside:
                  listen: [udp:%1$s:5060, tcp:%1$s:5060]
                inside:
                  listen: [udp:%1$s:5070]
                  pbx: sip:%2$s:5060
                admin:
                  listen: %1$s:18461
                limits:
                  tcp_idle_timeout_seconds: %3$d
                security:
                  trusted: [%2$s/32]
                b2bua:
                  keepalive_seconds: 0
                """.formatted(SBC_IP, REGISTRAR_IP, IDLE_SECONDS));
        sbc = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)), Optional.of(config));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sbc != null) {
            sbc.close();
        }
        if (registrar != null) {
            registrar.close();
        }
    }

    private static String aor(String user) {
        return user + "@" + DOMAIN;
    }

    private static SipPeer phone(String user, String ip, boolean tcp) throws IOException {
        return tcp ? SipPeer.tcp(user, ip, SBC) : SipPeer.udp(user, ip, 0, SBC);
    }

    /** Registers {@code phone} as {@code user@DOMAIN} with its own contact, for ten minutes. */
    private static void register(SipPeer phone, String callId) throws Exception {
        assertEquals(200, DigestPhone.register(phone, DOMAIN, PASSWORD, callId, 1, phone.contact(), 600));
    }

    // ---- 1. a forked call rings every phone ----

    @Test
    void ringsBothPhonesOfAUserOverUdpAndTheFirstToAnswerWins() throws Exception {
        ringsBothPhonesOfAUser("fork-udp", false);
    }

    @Test
    void ringsBothPhonesOfAUserOverTcpAndTheFirstToAnswerWins() throws Exception {
        ringsBothPhonesOfAUser("fork-tcp", true);
    }

    private void ringsBothPhonesOfAUser(String user, boolean tcp) throws Exception {
        long loopsBefore = sbc.counters().get(Counter.LOOPS_DETECTED);
        try (SipPeer desk = phone(user, PHONE_IP, tcp); SipPeer mobile = phone(user, SECOND_PHONE_IP, tcp)) {
            register(desk, user + "-desk");
            register(mobile, user + "-mobile");
            registrar.awaitLocations(aor(user), 2, Duration.ofSeconds(5));

            SippRun caller = callThroughRegistrar(user, "uac_call_domain.xml");
            SipMsg deskInvite = desk.expectRequest("INVITE");
            SipMsg mobileInvite = mobile.expectRequest("INVITE");
            mobile.send(mobile.response(mobileInvite, 180, "Ringing", "mobile", "", "", ""));
            desk.send(desk.response(deskInvite, 180, "Ringing", "desk", "", "", ""));
            desk.send(desk.response(deskInvite, 200, "OK", "desk", "", "application/sdp", sdp(desk)));
            desk.expectRequest("ACK");

            SipMsg cancel = mobile.expectRequest("CANCEL");
            mobile.send(mobile.response(cancel, 200, "OK", "mobile", "", "", ""));
            mobile.send(mobile.response(mobileInvite, 487, "Request Terminated", "mobile", "", "", ""));
            mobile.expectRequest("ACK");

            SipMsg bye = desk.expectRequest("BYE");
            desk.send(desk.response(bye, 200, "OK", "desk", "", "", ""));
            caller.assertSucceeds("caller");
        }
        assertEquals(loopsBefore, sbc.counters().get(Counter.LOOPS_DETECTED), "no branch was taken for a loop");
    }

    @Test
    void ringsTwoSippPhonesOfOneUser() throws Exception {
        String user = "fork-sipp";
        SippRun answering = sippPhone(user, "phone_register_then_answer", PHONE_IP, 5091);
        SippRun ringing = sippPhone(user, "phone_register_then_ring", SECOND_PHONE_IP, 5092);
        try {
            registrar.awaitLocations(aor(user), 2, Duration.ofSeconds(10));
            SippRun caller = callThroughRegistrar(user, "uac_call_domain.xml");
            caller.assertSucceeds("caller");
            answering.assertSucceeds("the phone that answers");
            ringing.assertSucceeds("the phone that rings and is cancelled");
        } finally {
            answering.stop();
            ringing.stop();
        }
    }

    /** A sipp phone registering through the SBC, whose calls its out-of-call scenario plays. */
    private static SippRun sippPhone(String user, String scenario, String ip, int port) throws IOException {
        Path ooc = Sipp.scenario("registrar/" + scenario + ".ooc.xml");
        return SippRun.start("../registrar/" + scenario + ".xml", ip, port, "u1", SBC_IP + ":5060", List.of(
                "-oocsf", ooc.toString(), "-cid_str", user + "-" + port + "-%u", "-s", user, "-ap", PASSWORD,
                "-set", "domain", DOMAIN, "-set", "expires", "600",
                "-set", "contact", "<sip:" + user + "@" + ip + ":" + port + ">"));
    }

    @Test
    void ringsARealPhoneAndASippPhoneOfOneUser() throws Exception {
        String user = "fork-real";
        Path dir = Files.createTempDirectory("baresip");
        try (BaresipPhone real = BaresipPhone.start(dir, user, DOMAIN, PASSWORD, "udp", "127.0.61.32", SBC);
                SipPeer other = phone(user, PHONE_IP, false)) {
            register(other, user + "-other");
            registrar.awaitLocations(aor(user), 2, Duration.ofSeconds(5));

            SippRun caller = callThroughRegistrar(user, "uac_call_domain.xml");
            SipMsg invite = other.expectRequest("INVITE");
            other.send(other.response(invite, 180, "Ringing", "other", "", "", ""));
            // baresip answers on its own; the registrar then cancels this branch.
            SipMsg cancel = other.poll(m -> m.isRequest("CANCEL"), Duration.ofSeconds(10))
                    .orElseThrow(() -> new AssertionError("not cancelled; baresip said:\n" + real.log()));
            other.send(other.response(cancel, 200, "OK", "other", "", "", ""));
            other.send(other.response(invite, 487, "Request Terminated", "other", "", "", ""));
            caller.assertSucceeds("caller");
            assertTrue(real.awaitLog(BaresipPhone.CALL_ESTABLISHED, Duration.ofSeconds(5)), real.log());
        }
    }

    // ---- 2. a binding follows the contact, not the Call-ID or the source port ----

    @Test
    void keepsOneBindingWhateverCallIdAndPortRefreshItAndUnregistersFromAnyCallId() throws Exception {
        String user = "refresh";
        String contact = "<sip:" + user + "@" + PHONE_IP + ":5099>";
        registerFromANewPort(user, false, "boot-1", contact, 600);
        registrar.awaitLocations(aor(user), 1, Duration.ofSeconds(5));
        registerFromANewPort(user, false, "boot-2", contact, 600);
        assertEquals(1, registrar.locations(aor(user)).size(), () -> "one phone, one binding: "
                + registrar.locations(aor(user)));
        registerFromANewPort(user, false, "boot-3", contact, 0);
        registrar.awaitLocations(aor(user), 0, Duration.ofSeconds(5));
    }

    @Test
    void movesTheBindingOfATcpPhoneThatReconnectsFromANewPort() throws Exception {
        String user = "reconnect";
        String contact = "<sip:" + user + "@" + PHONE_IP + ":5098;transport=tcp>";
        registerFromANewPort(user, true, "tcp-1", contact, 600);
        registrar.awaitLocations(aor(user), 1, Duration.ofSeconds(5));
        try (SipPeer second = phone(user, PHONE_IP, true)) {
            assertEquals(200, DigestPhone.register(second, DOMAIN, PASSWORD, "tcp-2", 1, contact, 600));
            assertEquals(1, registrar.locations(aor(user)).size(), () -> "the old binding lingers: "
                    + registrar.locations(aor(user)));

            assertBusyWhenCalled(second, "sip:" + aor(user), REGISTRAR);
        }
    }

    /** One REGISTER from a socket of its own (so a new source port), closed again at once. */
    private static void registerFromANewPort(String user, boolean tcp, String callId, String contact, int expires)
            throws Exception {
        try (SipPeer phone = phone(user, PHONE_IP, tcp)) {
            assertEquals(200, DigestPhone.register(phone, DOMAIN, PASSWORD, callId, 1, contact, expires));
        }
    }

    // ---- 3. a phone that cannot be reached fails fast ----

    @Test
    void answersACallToATcpPhoneThatHasGoneWithinTwoSeconds() throws Exception {
        String user = "gone";
        try (SipPeer phone = phone(user, PHONE_IP, true)) {
            register(phone, "gone-1");
        }
        registrar.awaitLocations(aor(user), 1, Duration.ofSeconds(5));

        try (SipPeer caller = SipPeer.udp("alice", CALLER_IP, 0, REGISTRAR)) {
            SipMsg invite = caller.invite("sip:" + aor(user), DOMAIN);
            long start = System.nanoTime();
            caller.send(invite.text());
            SipMsg answer = caller.poll(m -> !m.isRequest() && m.status() >= 200, Duration.ofSeconds(40))
                    .orElseThrow(() -> new AssertionError("no final answer"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            caller.send(SipPeer.ackFor(invite, answer));
            assertEquals(480, answer.status(), "the SBC's answer for a phone it cannot reach: " + answer.head());
            assertTrue(millis < 2_000, "final answer after " + millis + " ms");
        }
    }

    // ---- 4. a registered TCP phone stays reachable past the idle timeout ----

    @Test
    void keepsARegisteredTcpPhoneReachableLongAfterTheIdleTimeout() throws Exception {
        String user = "idle";
        try (SipPeer phone = phone(user, PHONE_IP, true); SipPeer unregistered = phone(user, SECOND_PHONE_IP, true)) {
            register(phone, "idle-1");
            long keptBefore = sbc.counters().get(Counter.TCP_CONNECTIONS_KEPT_FOR_REGISTRATION);

            assertTrue(unregistered.closedByRemote(Duration.ofSeconds(4 * IDLE_SECONDS)),
                    "an idle connection without a registration still times out");
            long deadline = System.nanoTime() + Duration.ofSeconds(4 * IDLE_SECONDS).toNanos();
            while (sbc.counters().get(Counter.TCP_CONNECTIONS_KEPT_FOR_REGISTRATION) < keptBefore + 2
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(sbc.counters().get(Counter.TCP_CONNECTIONS_KEPT_FOR_REGISTRATION) >= keptBefore + 2,
                    "the registered connection outlived two idle periods");
            assertFalse(phone.closedByRemote(Duration.ZERO));

            assertBusyWhenCalled(phone, "sip:" + aor(user), REGISTRAR);
        }
    }

    // ---- 5. the phone's domain reaches a multi-domain registrar ----

    @Test
    void keepsTheDomainSoAMultiDomainRegistrarReachesTheRightTenant() throws Exception {
        try (SipPeer tenantA = phone("carol", PHONE_IP, false); SipPeer tenantB = phone("carol", SECOND_PHONE_IP, false)) {
            assertEquals(200, DigestPhone.register(tenantA, "tenant-a.example", PASSWORD, "carol-a", 1,
                    tenantA.contact(), 600));
            assertEquals(200, DigestPhone.register(tenantB, "tenant-b.example", PASSWORD, "carol-b", 1,
                    tenantB.contact(), 600));
            registrar.awaitLocations("carol@tenant-b.example", 1, Duration.ofSeconds(5));

            // dave calls from the outside, through the SBC
            assertBusyWhenCalled(tenantB, "sip:carol@tenant-b.example", SBC);
            assertTrue(tenantA.poll(m -> m.isRequest("INVITE"), Duration.ofMillis(300)).isEmpty(),
                    "tenant A's carol rang");
        }
    }

    // ---- 6. a malformed request gets a 400 that says what is wrong ----

    @Test
    void namesAHeaderLineWithoutColonInThe400() throws Exception {
        try (SipPeer phone = SipPeer.udp("colon", PHONE_IP, 0, SBC)) {
            phone.send("REGISTER sip:" + DOMAIN + " SIP/2.0\r\n"
                    + phone.via() + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:colon@" + DOMAIN + ">;tag=colon\r\n"
                    + "To: <sip:colon@" + DOMAIN + ">\r\n"
                    + "Call-ID: colon-1\r\n"
                    + "CSeq: 1 REGISTER\r\n"
                    + "X-Broken this line has no colon\r\n"
                    + "Contact: " + phone.contact() + "\r\n"
                    + "Content-Length: 0\r\n\r\n");
            SipMsg answer = phone.expectFinal("REGISTER");
            assertEquals("SIP/2.0 400 Header Line Without Colon", answer.firstLine());
        }
        assertEquals(List.of(), registrar.locations(aor("colon")), "nothing reached the registrar");
    }

    // ---- callers ----

    private static SippRun callThroughRegistrar(String user, String scenario) throws IOException {
        return SippRun.start("../registrar/" + scenario, CALLER_IP, 0, "u1", REGISTRAR_IP + ":5060",
                List.of("-s", user, "-set", "domain", DOMAIN));
    }

    /** A caller at {@code entry} (the registrar, or the SBC) calls {@code requestUri}; {@code phone} answers 486. */
    private static void assertBusyWhenCalled(SipPeer phone, String requestUri, InetSocketAddress entry)
            throws Exception {
        try (SipPeer caller = SipPeer.udp("dave", CALLER_IP, 0, entry)) {
            SipPeer.callAndGetBusy(caller, phone, requestUri, DOMAIN);
        }
    }

    private static String sdp(SipPeer phone) {
        return "v=0\r\no=phone 1 1 IN IP4 " + phone.ip + "\r\ns=-\r\nc=IN IP4 " + phone.ip
                + "\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    }
}

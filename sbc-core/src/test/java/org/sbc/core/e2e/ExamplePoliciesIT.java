package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.metrics.Counter;

/**
 * The example policies of examples/policies/, unchanged, on a real server with sipp over UDP and
 * TCP: each allows and refuses what its comments say, with the codes they say.
 */
@Timeout(120)
class ExamplePoliciesIT {

    private static final Path EXAMPLES = Path.of("..", "examples", "policies").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** A server on {@code ip} (SIP 25360 udp+tcp, inside 25370, admin 25361) running one example. */
    private SbcServer start(String ip, String pbx, String example) throws Exception {
        return start(ip, pbx, example, "");
    }

    private SbcServer start(String ip, String pbx, String example, String more) throws Exception {
        Path config = Files.writeString(dir.resolve("sbc.yaml"), more
                + "outside:\n  listen: [udp:" + ip + ":25360, tcp:" + ip + ":25360]\n"
                        + "inside:\n  listen: [udp:" + ip + ":25370]\n  pbx: sip:" + pbx + "\n"
                        + "admin:\n  listen: " + ip + ":25361\n"
                        + "policy:\n  files: [" + EXAMPLES.resolve(example) + "]\n");
        return SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)), Optional.of(config));
    }

    private static long hits(SbcServer server, String rule) {
        return server.policy().orElseThrow().current().hits().get(rule);
    }

    @Test
    void remoteWorkersRefusesUnregisteredCallersAndPremiumNumbersOfRegisteredOnes() throws Exception {
        String sbcIp = "127.0.10.70";
        String pbxIp = "127.0.10.75";
        String phone = "127.0.10.76";
        String sbc = sbcIp + ":25360";
        try (SbcServer server = start(sbcIp, pbxIp + ":25380", "remote-workers.yaml")) {
            SippCall.dial("uac_403.xml", "u1", "127.0.10.77", 25362, sbc, "0301234567", "");
            SippCall.dial("uac_403.xml", "t1", "127.0.10.77", 25363, sbc, "0301234567", "");
            assertTrue(hits(server, "registered-only") >= 2);

            SippRun registrar = SippRun.start("pbx_registrar.xml", pbxIp, 25380, "u1", "", List.of())
                    .awaitListening(Duration.ofSeconds(5));
            SippRun register = SippRun.start("phone_register.xml", phone, 25364, "u1", sbc,
                    List.of("-set", "expires", "60", "-cid_str", "remote-workers-alice"));
            register.assertSucceeds("alice's REGISTER");
            registrar.assertSucceeds("PBX registrar");
            long registeredOnly = hits(server, "registered-only");

            SippCall.dial("alice_uac_403.xml", "u1", phone, 25365, sbc, "0900123456", "");
            assertEquals(1, hits(server, "no-premium"), "alice is registered: the premium rule refuses her");
            SippCall.dial("alice_uac_403.xml", "u1", phone, 25366, sbc, "0033123456", "");
            assertEquals(1, hits(server, "no-international"));
            assertEquals(registeredOnly, hits(server, "registered-only"));

            try (SipClient client = new SipClient("127.0.10.78", new InetSocketAddress(sbcIp, 25360))) {
                Optional<String> answer = client.ping("keepalive-1");
                assertTrue(answer.isPresent() && answer.get().startsWith("SIP/2.0 200 "), String.valueOf(answer));
            }
        }
    }

    @Test
    void trunkOnlyDropsEveryoneButTheCarrierUnanswered() throws Exception {
        String sbcIp = "127.0.10.71";
        try (SbcServer server = start(sbcIp, "127.0.10.75:25380", "trunk-only.yaml");
                SipClient client = new SipClient("127.0.10.79", new InetSocketAddress(sbcIp, 25360))) {
            assertEquals(Optional.empty(), client.ping("not-carrier-1"));
            String options = SipClient.options("127.0.10.79", 25369, sbcIp + ":25360", "TCP", "not-carrier-2");
            SipClient.TcpExchange tcp = SipClient.tcp("127.0.10.79", new InetSocketAddress(sbcIp, 25360),
                    options.getBytes(StandardCharsets.US_ASCII), 1_000);
            assertEquals("", tcp.received(), "no answer over TCP either");
            assertEquals(2, hits(server, "not-carrier"));
            assertEquals(2, server.counters().get(Counter.POLICY_DROPPED));
        }
    }

    @Test
    void officeHoursLetsEmergencyCallsThroughAndInternationalOnlyInOfficeHours() throws Exception {
        String sbcIp = "127.0.10.72";
        String pbx = "127.0.10.80:25380";
        String sbc = sbcIp + ":25360";
        // night-carrier first: the router takes the first trunk whose host or prefix matches, and
        // day-carrier's prefix would match the night route's number too.
        String trunks = "trunks:\n  - { name: night-carrier, uri: 'sip:127.0.10.82:25390' }\n"
                + "  - { name: day-carrier, uri: 'sip:127.0.10.83:25391', prefixes: ['0'] }\n";
        try (SbcServer server = start(sbcIp, pbx, "office-hours.yaml", trunks)) {
            SippCall.dial("-sn uac", "u1", "127.0.10.81", 25367, sbc, "999", pbx);
            assertEquals(1, hits(server, "emergency"));

            ZonedDateTime london = ZonedDateTime.now(ZoneId.of("Europe/London"));
            boolean office = london.getDayOfWeek().compareTo(DayOfWeek.FRIDAY) <= 0
                    && london.getHour() >= 8 && london.getHour() < 18;
            if (office) {
                SippCall.dial("-sn uac", "t1", "127.0.10.81", 25368, sbc, "0033123456", pbx);
            } else {
                SippCall.dial("uac_403.xml", "t1", "127.0.10.81", 25368, sbc, "0033123456", "");
            }
            Map<String, Long> hits = server.policy().orElseThrow().current().hits();
            assertEquals(office ? 0L : 1L, hits.get("international-after-hours"), "at " + london);

            // A national call from the PBX (the inside listener): at night the policy routes it to the
            // night carrier, by day the router's prefix sends it to the day carrier.
            int hour = ZonedDateTime.now(ZoneId.of("Europe/London")).getHour();
            boolean night = hour >= 18 || hour < 8;
            SippCall.dial("-sn uac", "u1", "127.0.10.80", 25369, sbcIp + ":25370", "01234567",
                    night ? "127.0.10.82:25390" : "127.0.10.83:25391");
            assertEquals(night ? 1L : 0L, server.counters().get(Counter.POLICY_ROUTED), "at " + london);
        }
    }
}

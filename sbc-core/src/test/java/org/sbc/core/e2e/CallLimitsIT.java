package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sbc.core.SbcServer;
import org.sbc.core.config.B2buaConfig;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Side;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;

/**
 * The B2BUA's protections: call limits (503 + Retry-After) and merged-request loops (482). The
 * limit test runs first: the merge test leaves an INVITE retransmitting towards the PBX's port
 * until its early-dialog timeout, which a sipp PBX started meanwhile would take as its call.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallLimitsIT {

    private static final String OUTSIDE = "127.0.6.1";
    private static final String INSIDE = "127.0.6.12";
    private static final String PBX = "127.0.6.20";
    private static final String CALLER = "127.0.6.30";
    /** Another source, so the merge test's call does not count against the caller's limit. */
    private static final String LOOPER = "127.0.6.31";
    private static SbcServer sbc;

    @BeforeAll
    static void start() throws Exception {
        InetAddress out = InetAddress.getByName(OUTSIDE);
        sbc = SbcServer.start(TestServers.withTemporaryBanState(SbcConfig.defaults())
                .withSides(new Side(List.of(new ListenAddress(Transport.UDP, out, 5060))),
                        new Side(List.of(new ListenAddress(Transport.UDP, InetAddress.getByName(INSIDE), 5070))))
                .withPbx(new PbxTarget("sip:" + PBX + ":5080", PBX, 5080, Transport.UDP))
                .withAdminListen(new InetSocketAddress(out, 18403))
                .withB2bua(B2buaConfig.DEFAULT.withTimers(250, 1_000, 1_000).withLimits(1_000, 1, 3_600, 3)
                        .withKeepaliveSeconds(0)));
    }

    @AfterAll
    static void stop() {
        sbc.close();
    }

    @Order(1)
    @Test
    void refusesASecondCallFromOneSourceWith503WhileTheFirstIsUp() throws Exception {
        SippRun pbx = SippRun.start("-sn uas", PBX, 5080, "u1", "", List.of());
        SippRun first = null;
        SippRun second = null;
        try {
            pbx.awaitListening(Duration.ofSeconds(5));
            first = SippRun.start("-sn uac", CALLER, 5071, "u1", OUTSIDE + ":5060", List.of("-d", "3000"));
            Thread.sleep(1_000); // the first call is up and held
            second = SippRun.start("uac_503.xml", CALLER, 5072, "u1", OUTSIDE + ":5060", List.of());
            second.assertSucceeds("second caller, refused");
            first.assertSucceeds("first caller");
            pbx.assertSucceeds("PBX");
        } finally {
            for (SippRun run : java.util.Arrays.asList(first, second, pbx)) {
                if (run != null) {
                    run.stop();
                }
            }
        }
        assertEquals(1, sbc.counters().get(Counter.CALLS_REFUSED));
    }

    @Order(2)
    @Test
    void answersAMergedCopyOfAnInviteWith482() throws Exception {
        try (SipClient client = new SipClient(LOOPER, new InetSocketAddress(OUTSIDE, 5060))) {
            client.send(invite("z9hG4bKmergeA").getBytes(StandardCharsets.US_ASCII));
            Optional<String> trying = client.receive(2_000);
            assertTrue(trying.isPresent() && trying.get().startsWith("SIP/2.0 100 "), String.valueOf(trying));
            client.send(invite("z9hG4bKmergeB").getBytes(StandardCharsets.US_ASCII));
            Optional<String> loop = client.receive(2_000);
            while (loop.isPresent() && loop.get().startsWith("SIP/2.0 100 ")) {
                loop = client.receive(2_000); // a retransmitted 100 for the first copy
            }
            assertTrue(loop.isPresent() && loop.get().startsWith("SIP/2.0 482 "), String.valueOf(loop));
            assertTrue(loop.get().contains("branch=z9hG4bKmergeB"), loop.get());
        }
        assertEquals(1, sbc.counters().get(Counter.LOOPS_DETECTED));
    }

    private static String invite(String branch) {
        return "INVITE sip:bob@" + OUTSIDE + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + LOOPER + ":5073;branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:alice@" + LOOPER + ">;tag=merged\r\n"
                + "To: <sip:bob@" + OUTSIDE + ">\r\nCall-ID: merged-request-test\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:alice@" + LOOPER + ":5073>\r\nContent-Length: 0\r\n\r\n";
    }
}

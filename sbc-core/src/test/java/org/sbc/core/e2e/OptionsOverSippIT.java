package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.metrics.Counter;

/** sipp, a real SIP peer, probes the SBC with OPTIONS over UDP and TCP. */
class OptionsOverSippIT {

    private static final String SBC_IP = "127.0.1.1";
    private static final String PEER_IP = "127.0.1.2";
    private static SbcServer server;

    @BeforeAll
    static void start() throws Exception {
        // sipp here is a load generator at 500/s, standing in for a trunk: trunks are trusted.
        server = TestServers.startTrusting(SBC_IP, 18081, PEER_IP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void answersThousandOptionsOverUdp() throws Exception {
        assertAnswersThousandOptions("u1");
    }

    @Test
    void answersThousandOptionsOverTcp() throws Exception {
        assertAnswersThousandOptions("t1");
    }

    private static void assertAnswersThousandOptions(String sippTransport) throws Exception {
        long before = server.counters().get(Counter.OPTIONS_ANSWERED);
        Sipp.Result result = Sipp.run("options.xml", sippTransport, PEER_IP, SBC_IP + ":5060", 1_000, 500, 30);
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(1_000, result.successful(), result.output());
        assertEquals(0, result.failed(), result.output());
        assertEquals(1_000, server.counters().get(Counter.OPTIONS_ANSWERED) - before);
    }
}

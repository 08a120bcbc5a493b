package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.SbcServer;
import org.sbc.core.b2bua.B2bua;
import org.sbc.core.config.B2buaConfig;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Side;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;

/**
 * Call flows through the B2BUA between real sipp peers: the caller on the outside, the PBX
 * (sipp as UAS or registrar) on the inside, each on its own loopback address so the logs show
 * who talked to whom. Every flow runs with the caller over UDP and over TCP; one SBC has its
 * PBX over TCP. The last test checks that every table is empty again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallFlowsIT {

    /** How long a sipp party may take to open its socket. */
    private static final Duration READY_WITHIN = Duration.ofSeconds(5);

    private static final String OUTSIDE = "127.0.4.1";
    private static final String INSIDE = "127.0.4.12";
    private static final String PBX = "127.0.4.20";
    private static final String PHONE = "127.0.4.30";
    private static final String TCP_OUTSIDE = "127.0.5.1";
    private static final String TCP_INSIDE = "127.0.5.12";
    private static final String TCP_PBX = "127.0.5.20";

    private static SbcServer sbc;
    private static SbcServer tcpInsideSbc;

    @BeforeAll
    static void start() throws Exception {
        sbc = SbcServer.start(config(OUTSIDE, INSIDE, PBX, Transport.UDP, 18401));
        tcpInsideSbc = SbcServer.start(config(TCP_OUTSIDE, TCP_INSIDE, TCP_PBX, Transport.TCP, 18402));
    }

    @AfterAll
    static void stop() {
        sbc.close();
        tcpInsideSbc.close();
    }

    /** Short timers so that every transaction has ended a few seconds after the last flow. */
    private static SbcConfig config(String outside, String inside, String pbx, Transport pbxTransport, int admin)
            throws Exception {
        InetAddress out = InetAddress.getByName(outside);
        InetAddress in = InetAddress.getByName(inside);
        return TestServers.withTemporaryBanState(SbcConfig.defaults())
                .withSides(
                        new Side(List.of(new ListenAddress(Transport.UDP, out, 5060), new ListenAddress(Transport.TCP, out, 5060))),
                        new Side(List.of(new ListenAddress(Transport.UDP, in, 5070), new ListenAddress(Transport.TCP, in, 5070))))
                .withPbx(new PbxTarget("sip:" + pbx + ":5080", pbx, 5080, pbxTransport))
                .withAdminListen(new InetSocketAddress(out, admin))
                .withB2bua(B2buaConfig.DEFAULT.withTimers(250, 1_000, 1_000).withLimits(1_000, 100, 3_600, 3)
                        .withKeepaliveSeconds(0));
    }

    private static void flow(String pbxScenario, String callerScenario, String callerTransport) throws Exception {
        flow(pbxScenario, callerScenario, callerTransport, PBX, "u1", OUTSIDE);
    }

    private static List<SippRun> flow(String pbxScenario, String callerScenario, String callerTransport, String pbxIp,
            String pbxTransport, String sbcOutside) throws Exception {
        SippRun pbx = SippRun.start(pbxScenario, pbxIp, 5080, pbxTransport, "", List.of())
                .awaitListening(READY_WITHIN); // the PBX listens before the caller dials
        SippRun caller = SippRun.start(callerScenario, PHONE, 0, callerTransport, sbcOutside + ":5060", List.of());
        try {
            caller.assertSucceeds("caller");
            pbx.assertSucceeds("PBX");
        } finally {
            caller.stop();
            pbx.stop();
        }
        return List.of(caller, pbx);
    }

    @Order(1)
    @ParameterizedTest(name = "caller over {0}")
    @ValueSource(strings = {"u1", "t1"})
    void basicCall(String transport) throws Exception {
        flow("-sn uas", "-sn uac", transport);
    }

    @Order(1)
    @ParameterizedTest(name = "caller over {0}")
    @ValueSource(strings = {"u1", "t1"})
    void callerCancelsWhileRinging(String transport) throws Exception {
        flow("uas_ring_cancel.xml", "uac_cancel.xml", transport);
    }

    @Order(1)
    @ParameterizedTest(name = "caller over {0}")
    @ValueSource(strings = {"u1", "t1"})
    void calleeBusy(String transport) throws Exception {
        flow("uas_busy.xml", "uac_486.xml", transport);
    }

    @Order(1)
    @ParameterizedTest(name = "caller over {0}")
    @ValueSource(strings = {"u1", "t1"})
    void noAnswerIsCancelledByTheEarlyDialogTimeout(String transport) throws Exception {
        flow("uas_noanswer.xml", "uac_408.xml", transport);
    }

    @Order(1)
    @ParameterizedTest(name = "caller over {0}")
    @ValueSource(strings = {"u1", "t1"})
    void callerHoldsAndResumes(String transport) throws Exception {
        flow("uas_reinvite.xml", "uac_reinvite.xml", transport);
    }

    @Order(1)
    @ParameterizedTest(name = "caller over {0}")
    @ValueSource(strings = {"u1", "t1"})
    void pbxHoldsAndResumes(String transport) throws Exception {
        flow("uas_reinvite_callee.xml", "uac_held.xml", transport);
    }

    @Order(1)
    @ParameterizedTest(name = "caller over {0}")
    @ValueSource(strings = {"u1", "t1"})
    void reliableProvisionalWithPrack(String transport) throws Exception {
        flow("uas_100rel.xml", "uac_100rel.xml", transport);
    }

    @Order(1)
    @ParameterizedTest(name = "caller over {0}")
    @ValueSource(strings = {"u1", "t1"})
    void udpOrTcpOutsideWithTcpInside(String transport) throws Exception {
        flow("uas_reinvite.xml", "uac_reinvite.xml", transport, TCP_PBX, "t1", TCP_OUTSIDE);
        flow("uas_ring_cancel.xml", "uac_cancel.xml", transport, TCP_PBX, "t1", TCP_OUTSIDE);
    }

    @Order(2)
    @ParameterizedTest(name = "phone over {0}")
    @ValueSource(strings = {"u1", "t1"})
    void registerThenCallFromPbxThenUnregister(String transport) throws Exception {
        String cid = "phone-" + transport + "-" + System.nanoTime();
        SippRun pbx = SippRun.start("pbx_registrar_then_call.xml", PBX, 5080, "u1", "", List.of())
                .awaitListening(READY_WITHIN);
        try {
            registerCallUnregister(transport, cid, pbx);
        } finally {
            pbx.stop();
        }
        assertEquals(0, sbc.b2bua().state().bindings());
    }

    private static void registerCallUnregister(String transport, String cid, SippRun pbx) throws Exception {
        if (transport.equals("u1")) {
            SippRun register = SippRun.start("phone_register.xml", PHONE, 5071, transport, OUTSIDE + ":5060",
                    List.of("-set", "expires", "60", "-cid_str", cid));
            register.assertSucceeds("phone REGISTER");
            // Over UDP the phone answers on the port it registered from.
            SippRun phone = SippRun.start("-sn uas", PHONE, 5071, transport, "", List.of());
            phone.assertSucceeds("phone answering");
            pbx.assertSucceeds("PBX registrar calling the phone");
            assertEquals(1, sbc.b2bua().state().bindings());
            SippRun pbx2 = SippRun.start("pbx_unregister_then_call.xml", PBX, 5080, "u1", "", List.of())
                    .awaitListening(READY_WITHIN);
            SippRun unregister = SippRun.start("phone_register.xml", PHONE, 5071, transport, OUTSIDE + ":5060",
                    List.of("-set", "expires", "0", "-cid_str", cid));
            unregister.assertSucceeds("phone un-REGISTER");
            pbx2.assertSucceeds("PBX calling the un-registered contact (expects 404)");
        } else {
            // Over TCP the call must come back on the very connection the phone registered on.
            try (TcpPhone phone = new TcpPhone(PHONE, new InetSocketAddress(OUTSIDE, 5060))) {
                phone.register(cid, 60);
                phone.answerCall();
                pbx.assertSucceeds("PBX registrar calling the phone");
                assertEquals(1, sbc.b2bua().state().bindings());
                SippRun pbx2 = SippRun.start("pbx_unregister_then_call.xml", PBX, 5080, "u1", "", List.of())
                        .awaitListening(READY_WITHIN);
                phone.register(cid, 0);
                pbx2.assertSucceeds("PBX calling the un-registered contact (expects 404)");
            }
        }
    }

    @Order(3)
    @Test
    void legsNeverCarryTheOtherSidesIdentifiers() throws Exception {
        List<SippRun> runs = flow("uas_reinvite.xml", "uac_reinvite.xml", "u1", PBX, "u1", OUTSIDE);
        List<String> atCaller = runs.get(0).receivedHeaders();
        List<String> atPbx = runs.get(1).receivedHeaders();
        assertFalse(atCaller.isEmpty());
        assertFalse(atPbx.isEmpty());
        List<String> pbxCallIds = values(atPbx, "Call-ID");
        List<String> callerCallIds = values(atCaller, "Call-ID");
        for (String headers : atCaller) {
            assertFalse(pbxCallIds.stream().anyMatch(headers::contains), "inside Call-ID outside:\n" + headers);
            assertFalse(headers.contains("SIPpTag01"), "the PBX's tag outside:\n" + headers);
            assertFalse(headers.contains(PBX) || headers.contains(INSIDE), "an inside address outside:\n" + headers);
            assertFalse(headers.contains("Record-Route") || headers.contains("pbx-rr"), headers);
        }
        for (String headers : atPbx) {
            assertFalse(callerCallIds.stream().anyMatch(headers::contains), "outside Call-ID inside:\n" + headers);
            assertFalse(headers.contains("SIPpTag00"), "the caller's tag inside:\n" + headers);
            for (String line : headers.split("\n")) {
                if (line.startsWith("Via:") || line.startsWith("Contact:") || line.startsWith("Record-Route:")
                        || line.startsWith("Route:") && !line.contains("pbx-rr")) {
                    assertFalse(line.contains(PHONE) || line.contains(OUTSIDE + ":"), "outside address inside: " + line);
                }
            }
        }
    }

    @Order(4)
    @Test
    void everyTableIsEmptyAfterAllFlows() throws Exception {
        for (SbcServer server : List.of(sbc, tcpInsideSbc)) {
            B2bua.State state = server.b2bua().state();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!state.idleButRegistrations() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                state = server.b2bua().state();
            }
            assertTrue(state.idleButRegistrations(), "state left behind: " + state);
            assertEquals(0, state.bindings(), "no live registration is left either: " + state);
        }
    }

    private static List<String> values(List<String> messages, String header) {
        List<String> values = new ArrayList<>();
        Pattern pattern = Pattern.compile("(?m)^" + header + ":\\s*(.+)$");
        for (String message : messages) {
            Matcher m = pattern.matcher(message);
            while (m.find()) {
                values.add(m.group(1).strip());
            }
        }
        return values;
    }
}

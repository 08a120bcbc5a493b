package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.events.CallRecordLog;
import org.sbc.core.metrics.Counter;
import org.sbc.media.relay.RelaySession;

/**
 * What the SBC tells about a call's media, end to end on loopback (127.0.71.x): the line a call
 * leaves when it ends, with what its RTP carried each way; the security events for an RTP-bleed
 * attacker and for a call that ended without media; and {@code media.max_sessions_per_source}.
 */
class MediaEventsIT {

    private static final String OUTSIDE = "127.0.71.1";
    private static final String INSIDE = "127.0.71.11";
    private static final String PHONE = "127.0.71.2";
    private static final String OTHER_PHONE = "127.0.71.5";
    private static final String PBX = "127.0.71.3";
    private static final String ATTACKER = "127.0.71.66";
    private static final Pattern PORT = Pattern.compile("(?m)^m=audio (\\d+) ");
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+)");

    /** The call-end lines, as the application log gets them. */
    private static final List<String> CALL_LINES = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            CALL_LINES.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    /** Held strongly: java.util.logging keeps loggers weakly, and the handler with them. */
    private static final Logger CALL_LOGGER = Logger.getLogger(CallRecordLog.LOGGER);

    private static SbcServer sbc;
    private static AdminHttp admin;

    @BeforeAll
    static void start() throws Exception {
        CALL_LOGGER.setLevel(Level.INFO);
        CALL_LOGGER.addHandler(CAPTURE);
        sbc = server("media-events", OUTSIDE, INSIDE, 5080, 18471, """
                media:
                  ports: 31700-31799
                """);
        admin = new AdminHttp(sbc.adminAddress());
    }

    @AfterAll
    static void stop() {
        CALL_LOGGER.removeHandler(CAPTURE);
        if (sbc != null) {
            sbc.close();
        }
    }

    private static SbcServer server(String name, String outside, String inside, int pbxPort, int adminPort,
            String media) throws Exception {
        Path config = Files.writeString(Files.createTempDirectory(name).resolve("sbc.yaml"), """
                outside:
                  listen: [udp:%s:5060]
                inside:
                  listen: [udp:%s:5070]
                  pbx: sip:%s:%d
                admin:
                  listen: %s:%d
                security:
                  trusted: [%s/32]
                b2bua:
                  keepalive_seconds: 0
                """.formatted(outside, inside, PBX, pbxPort, outside, adminPort, PBX) + media);
        return SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)), Optional.of(config));
    }

    /** A call set up through the SBC: the dialogs, and where each side sends its media. */
    private record AnchoredCall(SipDialog caller, SipDialog callee, InetSocketAddress relayForPhone,
            InetSocketAddress relayForPbx) {}

    private static AnchoredCall call(SipPeer phone, SipPeer pbx, String sbcOutside, int phoneRtpPort,
            int pbxRtpPort) throws Exception {
        SipDialog caller = dial(phone, sbcOutside, "media-events-");
        caller.send("INVITE", "", "application/sdp", sdp(PHONE, phoneRtpPort));
        SipMsg invite = pbx.expectRequest("INVITE");
        SipDialog callee = SipDialog.uas(pbx, invite, "pbx" + System.nanoTime());
        pbx.send(pbx.response(invite, 200, "OK", callee.localTag, "", "application/sdp", sdp(PBX, pbxRtpPort)));
        SipMsg ok = caller.finalResponse("INVITE");
        assertEquals(200, ok.status(), ok.head());
        caller.confirm(ok);
        caller.ack(1);
        pbx.expectRequest("ACK");
        return new AnchoredCall(caller, callee, relay(ok.body()), relay(invite.body()));
    }

    private static SipDialog dial(SipPeer phone, String sbcOutside, String prefix) {
        return SipDialog.uac(phone, prefix + System.nanoTime(), "sip:alice@" + PHONE, "sip:bob@" + sbcOutside,
                "sip:bob@" + sbcOutside + ":5060");
    }

    private static String sdp(String ip, int port) {
        return "v=0\r\no=- 1 1 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
    }

    private static void hangUp(AnchoredCall call, SipPeer pbx) throws Exception {
        call.caller().send("BYE", "", "", "");
        SipMsg bye = pbx.expectRequest("BYE");
        pbx.send(pbx.response(bye, 200, "OK", call.callee().localTag, "", "", ""));
        assertEquals(200, call.caller().finalResponse("BYE").status());
    }

    @Test
    void aCallsEndLineCountsWhatItsRtpCarriedEachWay() throws Exception {
        long relayedBefore = sbc.counters().get(Counter.MEDIA_RTP_PACKETS_RELAYED);
        long bytesBefore = sbc.counters().get(Counter.MEDIA_RTP_BYTES_RELAYED);
        try (SipPeer phone = SipPeer.udp("alice", PHONE, 5062, new InetSocketAddress(OUTSIDE, 5060));
                SipPeer pbx = SipPeer.udp("pbx", PBX, 5080, new InetSocketAddress(INSIDE, 5070));
                DatagramSocket phoneRtp = rtpSocket(PHONE, 40_100);
                DatagramSocket pbxRtp = rtpSocket(PBX, 50_100)) {
            AnchoredCall call = call(phone, pbx, OUTSIDE, 40_100, 50_100);
            // Five packets out; three back, sequence numbers 3 and 4 lost before they reached the SBC.
            for (int seq = 1; seq <= 5; seq++) {
                relay(phoneRtp, rtp(seq, 0x11111111), call.relayForPhone(), pbxRtp);
            }
            for (int seq : new int[] {1, 2, 5}) {
                relay(pbxRtp, rtp(seq, 0x22222222), call.relayForPbx(), phoneRtp);
            }
            hangUp(call, pbx);

            String line = awaitCallLine(call.caller().callId);
            assertTrue(line.startsWith("call ended ending=bye_from_outside caller=outside outside_peer=" + PHONE
                    + ":5062 "), line);
            assertTrue(line.contains(" to_inside_packets=5 to_inside_bytes=860 to_inside_lost=0 "), line);
            assertTrue(line.contains(" to_outside_packets=3 to_outside_bytes=516 to_outside_lost=2 "), line);
            assertTrue(line.contains(" strangers_dropped=0 malformed=0 srtp_failed=0"), line);
            assertTrue(Pattern.compile(" to_inside_jitter_ms=\\d+\\.\\d\\d ").matcher(line).find(), line);
        }
        assertEquals(relayedBefore + 8, sbc.counters().get(Counter.MEDIA_RTP_PACKETS_RELAYED));
        assertEquals(bytesBefore + 8 * 172, sbc.counters().get(Counter.MEDIA_RTP_BYTES_RELAYED));
    }

    @Test
    void anRtpBleedAttackerAboveTheThresholdIsASecurityEventNamingIt() throws Exception {
        long strangersBefore = sbc.counters().get(Counter.MEDIA_STRANGERS_DROPPED);
        try (SipPeer phone = SipPeer.udp("alice", PHONE, 5064, new InetSocketAddress(OUTSIDE, 5060));
                SipPeer pbx = SipPeer.udp("pbx", PBX, 5080, new InetSocketAddress(INSIDE, 5070));
                DatagramSocket phoneRtp = rtpSocket(PHONE, 40_110);
                DatagramSocket pbxRtp = rtpSocket(PBX, 50_110);
                DatagramSocket attacker = rtpSocket(ATTACKER, 40_110)) {
            AnchoredCall call = call(phone, pbx, OUTSIDE, 40_110, 50_110);
            relay(phoneRtp, rtp(1, 0x11111111), call.relayForPhone(), pbxRtp); // the phone latches its leg

            int sprayed = RelaySession.REFUSALS_REPORTED_AT + 10;
            for (int i = 0; i < sprayed; i++) {
                send(attacker, rtp(100 + i, 0x66666666), call.relayForPhone());
            }
            String event = awaitEvent("\"type\":\"RTP_BLEED\"", "\"source_address\":\"" + ATTACKER + "\"");
            assertTrue(event.contains("\"step\":\"media\"") && event.contains("\"leg\":\"outside\"")
                    && event.contains("\"caller\":\"" + PHONE + "\""), event);
            relay(phoneRtp, rtp(2, 0x11111111), call.relayForPhone(), pbxRtp); // the call keeps its audio
            hangUp(call, pbx);

            String line = awaitCallLine(call.caller().callId);
            assertTrue(line.contains(" strangers_dropped=" + sprayed + " "), line);
        }
        assertEquals(strangersBefore + RelaySession.REFUSALS_REPORTED_AT + 10,
                sbc.counters().get(Counter.MEDIA_STRANGERS_DROPPED));
        assertEquals(1, sbc.counters().get(Counter.SECURITY_EVENTS_RTP_BLEED), "one report per call");
    }

    @Test
    void aCallWithoutMediaEndsWithAMediaTimeoutEventAndRecord() throws Exception {
        String outside = "127.0.71.121";
        String inside = "127.0.71.131";
        try (SbcServer quiet = server("media-timeout", outside, inside, 5084, 18473, """
                    media:
                      ports: 31900-31999
                      timeout_seconds: 1
                    """);
                SipPeer phone = SipPeer.udp("alice", PHONE, 5066, new InetSocketAddress(outside, 5060));
                SipPeer pbx = SipPeer.udp("pbx", PBX, 5084, new InetSocketAddress(inside, 5070))) {
            AnchoredCall call = call(phone, pbx, outside, 40_120, 50_120);

            SipMsg byeToPhone = call.caller().expect("BYE");
            call.caller().answer(byeToPhone, 200, "OK", "", "", "");
            SipMsg byeToPbx = pbx.expectRequest("BYE");
            call.callee().answer(byeToPbx, 200, "OK", "", "", "");

            assertEquals(1, quiet.counters().get(Counter.CALLS_ENDED_NO_MEDIA));
            String event = awaitEvent(new AdminHttp(quiet.adminAddress()), "\"type\":\"MEDIA_TIMEOUT\"");
            assertTrue(event.contains("\"source_address\":\"" + PHONE + "\"") && event.contains("\"source_port\":5066")
                    && event.contains("\"reason\":\"no media either way for media.timeout_seconds 1\""), event);
            String line = awaitCallLine(call.caller().callId);
            assertTrue(line.startsWith("call ended ending=no_media "), line);
            assertTrue(line.contains(" to_inside_packets=0 ") && line.contains(" to_outside_packets=0 "), line);
        }
    }

    @Test
    void aSourceBeyondItsMediaSessionsGets503WhileAnotherSourceGetsThrough() throws Exception {
        String outside = "127.0.71.101";
        String inside = "127.0.71.111";
        try (SbcServer limited = server("media-per-source", outside, inside, 5082, 18472, """
                    media:
                      ports: 31800-31899
                      max_sessions_per_source: 2
                    """);
                SipPeer phone = SipPeer.udp("alice", PHONE, 5068, new InetSocketAddress(outside, 5060));
                SipPeer otherPhone = SipPeer.udp("carol", OTHER_PHONE, 5068, new InetSocketAddress(outside, 5060));
                SipPeer pbx = SipPeer.udp("pbx", PBX, 5082, new InetSocketAddress(inside, 5070))) {
            for (int n = 0; n < 2; n++) {
                dial(phone, outside, "per-source-" + n + "-").send("INVITE", "", "application/sdp",
                        sdp(PHONE, 40_130 + 2 * n));
                pbx.expectRequest("INVITE");
            }
            SipDialog third = dial(phone, outside, "per-source-2-");
            third.send("INVITE", "", "application/sdp", sdp(PHONE, 40_134));
            SipMsg refused = third.finalResponse("INVITE");
            assertEquals(503, refused.status(), refused.head());
            assertTrue(refused.head().contains("Retry-After: "), refused.head());
            phone.send(SipPeer.ackFor(new SipMsg(third.request("INVITE", 1, refused.lines("Via").get(0), "", "", "")),
                    refused));
            assertEquals(1, limited.counters().get(Counter.MEDIA_REFUSED_PER_SOURCE));

            SipDialog other = SipDialog.uac(otherPhone, "per-source-other-" + System.nanoTime(),
                    "sip:carol@" + OTHER_PHONE, "sip:bob@" + outside, "sip:bob@" + outside + ":5060");
            other.send("INVITE", "", "application/sdp", sdp(OTHER_PHONE, 40_140));
            SipMsg invite = pbx.expectRequest("INVITE");
            assertTrue(invite.body().contains("c=IN IP4 " + inside), "another source's call is anchored");
            assertEquals(1, limited.counters().get(Counter.MEDIA_REFUSED_PER_SOURCE));
            assertEquals(3, limited.b2bua().state().mediaSessions());
        }
    }

    // ---- helpers ----

    private static String awaitCallLine(String outsideCallId) {
        String key = "outside_call_id=\"" + outsideCallId + "\"";
        awaitTrue("the call's end line", () -> CALL_LINES.stream().anyMatch(l -> l.contains(key)));
        return CALL_LINES.stream().filter(l -> l.contains(key)).findFirst().orElseThrow();
    }

    private static String awaitEvent(String... parts) throws Exception {
        return awaitEvent(admin, parts);
    }

    /** The first event in {@code GET /api/events} that holds every part, within 5 s. */
    private static String awaitEvent(AdminHttp http, String... parts) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String body = "";
        while (System.nanoTime() - deadline < 0) {
            body = http.get("/api/events").body();
            for (String event : body.split("\\},\\{\"time\"")) {
                if (List.of(parts).stream().allMatch(event::contains)) {
                    return event;
                }
            }
            Thread.sleep(20);
        }
        fail("no event with " + List.of(parts) + " in " + body);
        return null;
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within 5 s: " + what + "; call lines: " + CALL_LINES);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private static InetSocketAddress relay(String sdp) {
        Matcher port = PORT.matcher(sdp);
        Matcher address = CONNECTION.matcher(sdp);
        assertTrue(port.find() && address.find(), sdp);
        return new InetSocketAddress(address.group(1), Integer.parseInt(port.group(1)));
    }

    /** Sends {@code packet} to the relay and waits until it arrives, unchanged, at {@code at}. */
    private static void relay(DatagramSocket from, byte[] packet, InetSocketAddress relay, DatagramSocket at)
            throws IOException {
        send(from, packet, relay);
        assertArrayEquals(packet, receive(at).orElseThrow(() -> new AssertionError("the relay lost a packet")));
    }

    private static DatagramSocket rtpSocket(String ip, int port) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), port));
        socket.setSoTimeout(2_000);
        return socket;
    }

    /** An RTP packet (RFC 3550 §5.1): version 2, PCMU, 160 octets of payload, 20 ms apart. */
    private static byte[] rtp(int sequence, int ssrc) {
        ByteBuffer packet = ByteBuffer.allocate(12 + 160);
        packet.put((byte) 0x80).put((byte) 0).putShort((short) sequence).putInt(sequence * 160).putInt(ssrc);
        while (packet.hasRemaining()) {
            packet.put((byte) 0x7f);
        }
        return packet.array();
    }

    private static void send(DatagramSocket socket, byte[] packet, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, to));
    }

    private static Optional<byte[]> receive(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        byte[] data = new byte[packet.getLength()];
        System.arraycopy(buffer, 0, data, 0, data.length);
        return Optional.of(data);
    }
}

package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.e2e.BaresipPhone.CALL_ESTABLISHED;
import static org.sbc.core.e2e.BaresipPhone.CALL_TERMINATED;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.b2bua.B2bua;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.e2e.BaresipPhone.AnswerMode;

/**
 * A real phone calls a real PBX through the SBC, and there is audio both ways: two baresip 1.0.0
 * processes (Debian's baresip-core), each sending a 440 Hz tone as PCMU, the SBC in-process on
 * the embedded defaults but for its addresses (so media is anchored with the default relay
 * settings). Everything is checked on the wire with tcpdump on lo: the SDP each side received,
 * and RTP leaving the SBC's relay ports towards each phone's RTP port.
 *
 * <pre>
 * caller baresip 127.0.65.2 ──udp:127.0.65.1:5060┤ SBC ├127.0.65.11:5070── callee baresip 127.0.65.3:5080
 *   dials sip:bob@127.0.65.1                                                 (the "PBX", auto-answers)
 * </pre>
 *
 * Neither baresip registers (regint=0): the caller dials the SBC's outside address as the host
 * of the URI, and the SBC relays an INVITE from the outside to its PBX as it does for any phone.
 * The callee gets the INVITE with the caller's Request-URI kept (inside.request_uri: keep, the
 * default), sip:bob@127.0.65.1: baresip 1.0.0 picks the user agent for an incoming INVITE by the
 * Request-URI's user alone (its contact user, then its AOR's user), so its account bob@127.0.65.3
 * answers it.
 */
class RealPhoneAudioIT {

    private static final String OUTSIDE = "127.0.65.1";
    private static final String INSIDE = "127.0.65.11";
    private static final String CALLER = "127.0.65.2";
    private static final String CALLEE = "127.0.65.3";
    private static final int CALLER_SIP_PORT = 5062;
    private static final int CALLEE_SIP_PORT = 5080;
    /** Half a second of 20 ms packets. */
    private static final int ENOUGH_PACKETS = 25;

    private static final Pattern AUDIO_PORT = Pattern.compile("(?m)^m=audio (\\d+) ");
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+?)\\s*$");
    private static final Pattern ORIGIN = Pattern.compile("(?m)^o=\\S+ \\S+ \\S+ IN IP4 (\\S+?)\\s*$");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b");

    @Test
    void aRealPhoneCallsThroughTheSbcWithAudioBothWays() throws Exception {
        Path dir = Files.createTempDirectory("real-phone-audio");
        Path config = Files.writeString(dir.resolve("sbc.yaml"), """
                outside:
                  listen: [udp:%s:5060]
                inside:
                  listen: [udp:%s:5070]
                  pbx: sip:%s:%d
                admin:
                  listen: %s:18465
                security:
                  trusted: [%s/32]
                b2bua:
                  t1_ms: 100
                  t4_ms: 1000
                """.formatted(OUTSIDE, INSIDE, CALLEE, CALLEE_SIP_PORT, OUTSIDE, CALLEE));
        // The embedded defaults but for addresses, and the transaction timers: with the default
        // T1 of 500 ms the BYE's server transaction lingers 32 s (timer J) before the SBC is idle;
        // 100 ms makes it 6.4 s, and T4 1 s ends the client side (timer K) as soon (as TopologyLeakIT).
        SbcServer sbc = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)), Optional.of(config));
        List<PcapCapture.Packet> packets;
        Path pcap = dir.resolve("call.pcap");
        try {
            // Every address of the call is in 127.0.65.0/24, but the phones' RTP leaves from
            // 127.0.0.1 (see BaresipPhone): those packets are still caught, since they go to the SBC,
            // and the SBC's latching answers to that source, which is the phone's RTP socket.
            PcapCapture capture = PcapCapture.start(pcap, "udp and net 127.0.65.0/24");
            // The phones' RTP ports are outside the SBC's default media.ports (20000-39999), so no
            // phone takes a relay port.
            try (capture;
                    BaresipPhone callee = BaresipPhone.startUnregistered(dir.resolve("callee"), "bob@" + CALLEE, CALLEE,
                            CALLEE_SIP_PORT, "46000-46099", AnswerMode.AUTO);
                    BaresipPhone caller = BaresipPhone.startUnregistered(dir.resolve("caller"), "alice@" + CALLER, CALLER,
                            CALLER_SIP_PORT, "45000-45099", AnswerMode.MANUAL)) {
                caller.dial("sip:bob@" + OUTSIDE);
                caller.expect(CALL_ESTABLISHED, Duration.ofSeconds(5), "the caller's call was not answered");
                callee.expect(CALL_ESTABLISHED, Duration.ofSeconds(5), "the callee did not answer");

                // Audio both ways, on the wire, read from the capture as it grows.
                Call call = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < deadline) {
                    call = Files.size(pcap) < 24 ? null : Call.of(PcapCapture.read(pcap)); // 24: pcap's header
                    if (call != null && call.toCaller() >= ENOUGH_PACKETS && call.toCallee() >= ENOUGH_PACKETS) {
                        break;
                    }
                    Thread.sleep(100);
                }

                caller.hangup();
                caller.expect(CALL_TERMINATED, Duration.ofSeconds(5), "the caller did not hang up");
                callee.expect(CALL_TERMINATED, Duration.ofSeconds(5), "the callee's call did not end on the BYE");
            }
            packets = PcapCapture.read(pcap); // tcpdump has been stopped: the file is complete

            // The relay session goes with the call, at once; the transactions of the BYE only after
            // 64 x T1 (timer J), so the SBC is wholly idle a few seconds later.
            B2bua.State state = sbc.b2bua().state();
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (state.mediaSessions() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                state = sbc.b2bua().state();
            }
            assertEquals(0, state.mediaSessions(), "the call's relay session was not released: " + state);
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!state.idleButRegistrations() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                state = sbc.b2bua().state();
            }
            assertTrue(state.idleButRegistrations(), "the SBC holds state after the call: " + state);
        } finally {
            sbc.close();
        }

        Call call = Call.of(packets);
        assertTrue(call != null, "the capture " + pcap + " lacks the INVITE or the 200 on either leg");
        // (a) RTP from the SBC's outside relay port reached the caller's RTP port, (b) RTP from
        // the inside relay port the callee's: the latched source may be 127.0.0.1 rather than the
        // phone's own address (baresip's RTP socket is bound to 0.0.0.0), so only the port counts.
        assertTrue(call.toCaller() >= ENOUGH_PACKETS, "RTP " + OUTSIDE + ":" + call.callerRelayPort() + " -> caller port "
                + call.callerRtpPort() + ": " + call.toCaller() + " packets; capture " + pcap);
        assertTrue(call.toCallee() >= ENOUGH_PACKETS, "RTP " + INSIDE + ":" + call.calleeRelayPort() + " -> callee port "
                + call.calleeRtpPort() + ": " + call.toCallee() + " packets; capture " + pcap);
        // And the phones' own audio went to the SBC, never to each other.
        assertTrue(call.fromCaller() >= ENOUGH_PACKETS, "caller -> SBC: " + call.fromCaller() + " packets");
        assertTrue(call.fromCallee() >= ENOUGH_PACKETS, "callee -> SBC: " + call.fromCallee() + " packets");
        assertEquals(0, call.direct(), "RTP went between the phones without the SBC");

        // (c) Each side was told about the SBC only: its address on that side, the relay's port.
        assertSbcMedia(OUTSIDE, call.callerSaw(), "the caller (200 OK)");
        assertSbcMedia(INSIDE, call.calleeSaw(), "the callee (INVITE)");
        assertFalse(call.callerSaw().contains("a=tool"), "the callee's a=tool reached the caller:\n" + call.callerSaw());
        assertFalse(call.calleeSaw().contains("a=tool"), "the caller's a=tool reached the callee:\n" + call.calleeSaw());
        // ... and no other address in any line: baresip puts its own SIP URI in
        // "a=ssrc:N cname:sip:alice@127.0.65.2", which names the phone.
        assertNoOtherAddress(OUTSIDE, call.callerSaw(), "the caller (200 OK)");
        assertNoOtherAddress(INSIDE, call.calleeSaw(), "the callee (INVITE)");
    }

    /** The origin and connection name the SBC's {@code sbc}. */
    private static void assertSbcMedia(String sbc, String sdp, String who) {
        Matcher c = CONNECTION.matcher(sdp);
        Matcher o = ORIGIN.matcher(sdp);
        assertTrue(c.find() && o.find(), who + " got an SDP without c= or o=:\n" + sdp);
        assertEquals(sbc, c.group(1), who + ": c=\n" + sdp);
        assertEquals(sbc, o.group(1), who + ": o=\n" + sdp);
    }

    /** Every IPv4 address anywhere in the SDP is the SBC's {@code sbc}. */
    private static void assertNoOtherAddress(String sbc, String sdp, String who) {
        Matcher any = IPV4.matcher(sdp);
        while (any.find()) {
            assertEquals(sbc, any.group(), who + " saw an address other than the SBC's:\n" + sdp);
        }
    }

    /**
     * The call as the capture shows it: the SDP of the four messages that carry it, and the RTP
     * counted per direction. Null while the 200 OK has not crossed both legs.
     */
    private record Call(String callerOffered, String callerSaw, String calleeSaw, String calleeAnswered,
            int toCaller, int toCallee, int fromCaller, int fromCallee, int direct) {

        int callerRtpPort() {
            return port(callerOffered);
        }

        int callerRelayPort() {
            return port(callerSaw);
        }

        int calleeRelayPort() {
            return port(calleeSaw);
        }

        int calleeRtpPort() {
            return port(calleeAnswered);
        }

        static Call of(List<PcapCapture.Packet> packets) {
            String callerOffered = sdp(packets, CALLER, CALLER_SIP_PORT, OUTSIDE, 5060, "INVITE ");
            String calleeSaw = sdp(packets, INSIDE, 5070, CALLEE, CALLEE_SIP_PORT, "INVITE ");
            String calleeAnswered = sdp(packets, CALLEE, CALLEE_SIP_PORT, INSIDE, 5070, "SIP/2.0 200 ");
            String callerSaw = sdp(packets, OUTSIDE, 5060, CALLER, CALLER_SIP_PORT, "SIP/2.0 200 ");
            if (callerOffered == null || calleeSaw == null || calleeAnswered == null || callerSaw == null) {
                return null;
            }
            int callerRtp = port(callerOffered);
            int callerRelay = port(callerSaw);
            int calleeRelay = port(calleeSaw);
            int calleeRtp = port(calleeAnswered);
            int toCaller = 0;
            int toCallee = 0;
            int fromCaller = 0;
            int fromCallee = 0;
            int direct = 0;
            for (PcapCapture.Packet p : packets) {
                if (!p.isG711Rtp()) {
                    continue;
                }
                if (p.src().equals(OUTSIDE) && p.srcPort() == callerRelay && p.dstPort() == callerRtp) {
                    toCaller++;
                } else if (p.src().equals(INSIDE) && p.srcPort() == calleeRelay && p.dstPort() == calleeRtp) {
                    toCallee++;
                } else if (p.dst().equals(OUTSIDE) && p.dstPort() == callerRelay && p.srcPort() == callerRtp) {
                    fromCaller++;
                } else if (p.dst().equals(INSIDE) && p.dstPort() == calleeRelay && p.srcPort() == calleeRtp) {
                    fromCallee++;
                } else if (p.dst().equals(CALLER) || p.dst().equals(CALLEE)) {
                    if (!p.src().equals(OUTSIDE) && !p.src().equals(INSIDE)) {
                        direct++;
                    }
                }
            }
            return new Call(callerOffered, callerSaw, calleeSaw, calleeAnswered, toCaller, toCallee, fromCaller,
                    fromCallee, direct);
        }

        /** The SDP of the first message from src to dst whose start line begins with {@code start} (and a 200 to an INVITE). */
        private static String sdp(List<PcapCapture.Packet> packets, String src, int srcPort, String dst, int dstPort,
                String start) {
            for (PcapCapture.Packet p : packets) {
                if (!p.src().equals(src) || p.srcPort() != srcPort || !p.dst().equals(dst) || p.dstPort() != dstPort) {
                    continue;
                }
                String text = p.text();
                int split = text.indexOf("\r\n\r\n");
                if (!text.startsWith(start) || split < 0) {
                    continue;
                }
                String head = text.substring(0, split);
                if (start.startsWith("SIP/") && !Pattern.compile("(?im)^CSeq:\\s*\\d+\\s+INVITE\\s*$").matcher(head).find()) {
                    continue;
                }
                String body = text.substring(split + 4);
                if (body.startsWith("v=0")) {
                    return body;
                }
            }
            return null;
        }

        private static int port(String sdp) {
            Matcher m = AUDIO_PORT.matcher(sdp);
            assertTrue(m.find(), "no m=audio:\n" + sdp);
            return Integer.parseInt(m.group(1));
        }
    }
}

package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.e2e.BaresipPhone.CALL_ESTABLISHED;
import static org.sbc.core.e2e.BaresipPhone.CALL_TERMINATED;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.b2bua.B2bua;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.e2e.BaresipPhone.AnswerMode;
import org.sbc.core.e2e.BaresipPhone.Media;
import org.sbc.core.e2e.BaresipPhone.Srtp;
import org.sbc.media.srtp.PacketBuffer;
import org.sbc.media.srtp.SdesCrypto;
import org.sbc.media.srtp.SdesParse;
import org.sbc.media.srtp.SrtpContext;
import org.sbc.media.srtp.SrtpStatus;

/**
 * A real phone talking SRTP (SDES) reaches a PBX that speaks plain RTP, through the SBC, with
 * audio both ways: two baresip 1.0.0 processes (Debian's baresip-core), the caller with baresip's
 * srtp module on its account ({@code mediaenc=srtp-mand}: RTP/SAVP), the callee without, the SBC
 * in-process on the embedded defaults but for its addresses (so {@code media.outside.srtp:
 * optional}, {@code media.inside.srtp: off}). Each phone sends its own tone (ausine), so each
 * direction is told apart by its frequency.
 *
 * <pre>
 * caller baresip 127.0.73.2 ──udp:127.0.73.1:5060┤ SBC ├127.0.73.11:5070── callee baresip 127.0.73.3:5080
 *   SRTP, 697 Hz, dials sip:bob@127.0.73.1                                     RTP, 1209 Hz, auto-answers
 * </pre>
 *
 * Everything is checked on the wire (tcpdump on lo): the SDP of each leg, and the audio. The
 * outside leg's packets are decrypted here with the keys the capture shows, the caller's from
 * its INVITE and the SBC's from the 200 OK, by media-anchor's {@link SrtpContext} (itself checked
 * against libSRTP and Bouncy Castle); every one must authenticate and carry its sender's tone,
 * while the same payloads read as plain PCMU must not: the leg is really encrypted. The inside
 * leg's plain PCMU carries both tones too. A second test refuses a plain phone when the outside
 * requires SRTP.
 *
 * <p>The phones' RTP ports (47300-47499) are outside the SBC's media.ports and apart from the
 * other real-phone tests' (baresip binds RTP to 0.0.0.0, so only the port keeps them apart).
 */
class RealPhoneSrtpIT {

    private static final int CALLER_SIP_PORT = 5062;
    private static final int CALLEE_SIP_PORT = 5080;
    private static final int CALLER_TONE_HZ = 697;
    private static final int CALLEE_TONE_HZ = 1209;
    /** A second of 20 ms packets per direction, after the first few (the resampler settling) are skipped. */
    private static final int SKIPPED_PACKETS = 5;
    private static final int ENOUGH_PACKETS = 50;
    private static final double SAMPLE_RATE = 8000;
    /**
     * A tone is "there" when at least this share of the signal's energy is at its frequency
     * (1.0 for a pure sine over whole periods; baresip's resampled, μ-law-quantised tones measured
     * 1.000 over a second, each direction), and "absent" below {@link #ABSENT}: white noise, which
     * ciphertext decoded as μ-law is, puts about 2/N of its energy at any one frequency.
     */
    private static final double PRESENT = 0.9;
    private static final double ABSENT = 0.05;

    private static final Pattern AUDIO = Pattern.compile("(?m)^m=audio (\\d+) (\\S+) ");
    private static final Pattern CRYPTO = Pattern.compile("(?m)^a=crypto:(.+?)\\s*$");
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+?)\\s*$");
    private static final Pattern ORIGIN = Pattern.compile("(?m)^o=\\S+ \\S+ \\S+ IN IP4 (\\S+?)\\s*$");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b");
    private static final Pattern INVITE_CSEQ = Pattern.compile("(?im)^CSeq:\\s*\\d+\\s+INVITE\\s*$");
    /** What baresip 1.0.0's srtp module prints when a packet or the peer's SDP does not work for it. */
    private static final Pattern BARESIP_SRTP_ERROR =
            Pattern.compile("srtp: (failed to|no valid a=crypto|.*keylen is|srtp_alloc)");
    private static final Pattern BARESIP_SRTP_ON = Pattern.compile("srtp: audio: SRTP is Enabled \\(cryptosuite=(\\S+)\\)");

    /** The addresses of one call: the SBC's two sides, the two phones. */
    private record Net(String outside, String inside, String caller, String callee, int adminPort) {}

    @Test
    void anSrtpPhoneReachesAPlainRtpPbxWithItsToneDecryptableBothWays() throws Exception {
        Net net = new Net("127.0.73.1", "127.0.73.11", "127.0.73.2", "127.0.73.3", 18473);
        Path dir = Files.createTempDirectory("real-phone-srtp");
        SbcServer sbc = startSbc(dir, net, "");
        Path pcap = dir.resolve("call.pcap");
        String callerLog;
        String calleeLog;
        try {
            PcapCapture capture = PcapCapture.start(pcap, "udp and net 127.0.73.0/24");
            try (capture;
                    BaresipPhone callee = BaresipPhone.startUnregistered(dir.resolve("callee"), "bob@" + net.callee(),
                            net.callee(), CALLEE_SIP_PORT, "47400-47499", AnswerMode.AUTO,
                            new Media(CALLEE_TONE_HZ, Srtp.OFF));
                    BaresipPhone caller = BaresipPhone.startUnregistered(dir.resolve("caller"), "alice@" + net.caller(),
                            net.caller(), CALLER_SIP_PORT, "47300-47399", AnswerMode.MANUAL,
                            new Media(CALLER_TONE_HZ, Srtp.MANDATORY))) {
                caller.dial("sip:bob@" + net.outside());
                caller.expect(CALL_ESTABLISHED, Duration.ofSeconds(5), "the caller's call was not answered");
                callee.expect(CALL_ESTABLISHED, Duration.ofSeconds(5), "the callee did not answer");

                // Audio all four ways on the wire, read from the capture as it grows.
                long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                while (System.nanoTime() < deadline) {
                    Call call = Files.size(pcap) < 24 ? null : Call.of(net, PcapCapture.read(pcap)); // 24: pcap's header
                    if (call != null && call.fewestPackets() >= SKIPPED_PACKETS + ENOUGH_PACKETS) {
                        break;
                    }
                    Thread.sleep(100);
                }

                caller.hangup();
                caller.expect(CALL_TERMINATED, Duration.ofSeconds(5), "the caller did not hang up");
                callee.expect(CALL_TERMINATED, Duration.ofSeconds(5), "the callee's call did not end on the BYE");
                callerLog = caller.log();
                calleeLog = callee.log();
            }
            assertSbcIdle(sbc);
        } finally {
            sbc.close();
        }
        List<PcapCapture.Packet> packets = PcapCapture.read(pcap); // tcpdump has been stopped: the file is complete
        Call call = Call.of(net, packets);
        assertNotNull(call, "the capture " + pcap + " lacks the INVITE or the 200 on either leg");

        // The signalling: SRTP offered and answered outside, with a key of the SBC's own; plain RTP inside.
        assertEquals("RTP/SAVP", proto(call.callerOffered()), "the caller's offer:\n" + call.callerOffered());
        List<String> callerKeys = cryptos(call.callerOffered());
        assertFalse(callerKeys.isEmpty(), "the caller offered no a=crypto:\n" + call.callerOffered());
        assertEquals("RTP/SAVP", proto(call.callerSaw()), "the 200 OK the caller got:\n" + call.callerSaw());
        List<String> sbcKeys = cryptos(call.callerSaw());
        assertEquals(1, sbcKeys.size(), "the 200 OK the caller got must carry exactly one a=crypto:\n" + call.callerSaw());
        SdesCrypto sbcKey = crypto(sbcKeys.get(0), "the SBC's answer");
        // The caller may offer suites the SBC does not know (AEAD_AES_256_GCM): only the answered tag is read.
        SdesCrypto callerKey = crypto(callerKeys.stream().filter(k -> k.startsWith(sbcKey.tag() + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("the SBC answered tag " + sbcKey.tag()
                        + ", which the caller did not offer:\n" + call.callerOffered())), "the caller's offer");
        assertEquals(callerKey.suite(), sbcKey.suite(), "the answer's suite is not the offered one of its tag");
        assertNotEquals(callerKey.masterKey(), sbcKey.masterKey(), "the SBC answered with the caller's own key");
        assertEquals("RTP/AVP", proto(call.calleeSaw()), "the callee's INVITE:\n" + call.calleeSaw());
        assertTrue(cryptos(call.calleeSaw()).isEmpty(), "the callee (plain RTP) was sent a key:\n" + call.calleeSaw());
        assertEquals("RTP/AVP", proto(call.calleeAnswered()), "the callee's answer:\n" + call.calleeAnswered());

        // Each side was told about the SBC only.
        assertOnlySbc(net.outside(), call.callerSaw(), "the caller (200 OK)");
        assertOnlySbc(net.inside(), call.calleeSaw(), "the callee (INVITE)");

        // baresip took the SBC's answer and kept every packet it got from the SBC.
        Matcher on = BARESIP_SRTP_ON.matcher(callerLog);
        assertTrue(on.find(), "the caller did not switch SRTP on:\n" + callerLog);
        assertEquals(sbcKey.suite().sdesName(), on.group(1), "the caller's suite");
        assertFalse(BARESIP_SRTP_ERROR.matcher(callerLog).find(), "the caller's SRTP failed:\n" + callerLog);
        assertFalse(calleeLog.contains("srtp"), "the plain callee speaks of SRTP:\n" + calleeLog);

        // The audio, both ways, on both legs.
        assertEquals(0, call.direct(), "RTP went between the phones without the SBC");
        assertTone(decrypt(call.fromCaller(), callerKey, "caller -> SBC"), CALLER_TONE_HZ, CALLEE_TONE_HZ,
                "caller -> SBC (SRTP, decrypted with the caller's key)");
        assertTone(plain(call.toCallee()), CALLER_TONE_HZ, CALLEE_TONE_HZ, "SBC -> callee (RTP)");
        assertTone(plain(call.fromCallee()), CALLEE_TONE_HZ, CALLER_TONE_HZ, "callee -> SBC (RTP)");
        assertTone(decrypt(call.toCaller(), sbcKey, "SBC -> caller"), CALLEE_TONE_HZ, CALLER_TONE_HZ,
                "SBC -> caller (SRTP, decrypted with the SBC's key)");
        // ... and the outside leg is not plain audio to anyone without the keys.
        assertNoTone(plain(call.fromCaller()), CALLER_TONE_HZ, "caller -> SBC read without the key");
        assertNoTone(plain(call.toCaller()), CALLEE_TONE_HZ, "SBC -> caller read without the key");
    }

    @Test
    void aPlainRtpPhoneGets488WithAWarningWhenTheOutsideRequiresSrtp() throws Exception {
        Net net = new Net("127.0.73.21", "127.0.73.31", "127.0.73.22", "127.0.73.23", 18474);
        Path dir = Files.createTempDirectory("real-phone-srtp-required");
        SbcServer sbc = startSbc(dir, net, """
                media:
                  outside:
                    srtp: required
                """);
        Path pcap = dir.resolve("call.pcap");
        String callerLog;
        try {
            PcapCapture capture = PcapCapture.start(pcap, "udp and net 127.0.73.0/24");
            try (capture;
                    BaresipPhone callee = BaresipPhone.startUnregistered(dir.resolve("callee"), "bob@" + net.callee(),
                            net.callee(), CALLEE_SIP_PORT, "47400-47499", AnswerMode.AUTO,
                            new Media(CALLEE_TONE_HZ, Srtp.OFF));
                    BaresipPhone caller = BaresipPhone.startUnregistered(dir.resolve("caller"), "alice@" + net.caller(),
                            net.caller(), CALLER_SIP_PORT, "47300-47399", AnswerMode.MANUAL,
                            new Media(CALLER_TONE_HZ, Srtp.OFF))) {
                caller.dial("sip:bob@" + net.outside());
                caller.expect(Pattern.compile("488 Not Acceptable Here"), Duration.ofSeconds(5),
                        "the caller's plain offer was not refused");
                callerLog = caller.log();
                // tcpdump hands packets over in blocks, and what it holds when stopped is lost:
                // wait until the 488 is in the file rather than stop it at once.
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (message(PcapCapture.read(pcap), net.outside(), 5060, net.caller(), CALLER_SIP_PORT,
                        "SIP/2.0 488 ") == null && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertFalse(callee.log().contains("Incoming call"), "the callee was called:\n" + callee.log());
            }
            assertSbcIdle(sbc);
        } finally {
            sbc.close();
        }
        List<PcapCapture.Packet> packets = PcapCapture.read(pcap);
        String offer = message(packets, net.caller(), CALLER_SIP_PORT, net.outside(), 5060, "INVITE ");
        assertNotNull(offer, "no INVITE from the caller in " + pcap);
        assertEquals("RTP/AVP", proto(body(offer)), "the caller's offer:\n" + offer);
        assertTrue(cryptos(body(offer)).isEmpty(), "the plain caller offered a key:\n" + offer);
        String refusal = message(packets, net.outside(), 5060, net.caller(), CALLER_SIP_PORT, "SIP/2.0 488 ");
        assertNotNull(refusal, "no 488 to the caller's INVITE in " + pcap + "; the caller saw:\n" + callerLog);
        Matcher warning = Pattern.compile("(?im)^Warning:\\s*(.+?)\\s*$").matcher(head(refusal));
        assertTrue(warning.find(), "the 488 has no Warning:\n" + refusal);
        assertEquals("399 sbc \"Secure media required: offer RTP/SAVP with an SDES a=crypto\"", warning.group(1),
                "the 488's Warning");
        assertNull(message(packets, net.inside(), 5070, net.callee(), CALLEE_SIP_PORT, "INVITE "),
                "the refused call reached the PBX");
    }

    private static SbcServer startSbc(Path dir, Net net, String more) throws Exception {
        Path config = Files.writeString(dir.resolve("sbc.yaml"), """
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
                  t1_ms: 100
                  t4_ms: 1000
                """.formatted(net.outside(), net.inside(), net.callee(), CALLEE_SIP_PORT, net.outside(),
                net.adminPort(), net.callee()) + more);
        // As RealPhoneAudioIT: the defaults but for addresses, and short transaction timers so that
        // the SBC is idle a few seconds after the call.
        return SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)), Optional.of(config));
    }

    /** The call's relay session is gone at once, the rest of its state within the transaction timers. */
    private static void assertSbcIdle(SbcServer sbc) throws InterruptedException {
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
    }

    /** The origin and connection name the SBC's {@code sbc}, and no other IPv4 address is in any line. */
    private static void assertOnlySbc(String sbc, String sdp, String who) {
        Matcher c = CONNECTION.matcher(sdp);
        Matcher o = ORIGIN.matcher(sdp);
        assertTrue(c.find() && o.find(), who + " got an SDP without c= or o=:\n" + sdp);
        assertEquals(sbc, c.group(1), who + ": c=\n" + sdp);
        assertEquals(sbc, o.group(1), who + ": o=\n" + sdp);
        Matcher any = IPV4.matcher(sdp);
        while (any.find()) {
            assertEquals(sbc, any.group(), who + " saw an address other than the SBC's:\n" + sdp);
        }
        assertFalse(sdp.contains("a=tool"), who + " saw the other side's a=tool:\n" + sdp);
    }

    private static String proto(String sdp) {
        Matcher m = AUDIO.matcher(sdp);
        assertTrue(m.find(), "no m=audio:\n" + sdp);
        return m.group(2);
    }

    private static List<String> cryptos(String sdp) {
        List<String> values = new ArrayList<>();
        Matcher m = CRYPTO.matcher(sdp);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static SdesCrypto crypto(String value, String where) {
        SdesParse parsed = SdesCrypto.parse(value);
        assertTrue(parsed.isAccepted(), where + ": a=crypto the SBC cannot read: " + parsed);
        return parsed.crypto().get();
    }

    // ---- audio ----

    /**
     * The PCM of SRTP packets decrypted under {@code key}, every one of which must authenticate:
     * the first {@link #SKIPPED_PACKETS} are decrypted (the receiver learns the sequence) but not kept.
     */
    private static short[] decrypt(List<PcapCapture.Packet> packets, SdesCrypto key, String direction) {
        assertTrue(packets.size() >= SKIPPED_PACKETS + ENOUGH_PACKETS,
                direction + ": " + packets.size() + " packets, expected " + (SKIPPED_PACKETS + ENOUGH_PACKETS));
        SrtpContext receiver = SrtpContext.receiver(key.masterKey());
        List<byte[]> clear = new ArrayList<>();
        for (PcapCapture.Packet p : packets) {
            PacketBuffer buffer = PacketBuffer.of(p.payload().clone());
            SrtpStatus status = receiver.unprotect(buffer);
            assertEquals(SrtpStatus.OK, status, direction + ": packet " + (clear.size() + 1) + " of " + packets.size()
                    + " did not decrypt under " + key.suite());
            clear.add(buffer.toByteArray());
        }
        return pcm(clear);
    }

    /** The PCM of plain RTP packets, or of SRTP packets read as if they were plain (tag and all). */
    private static short[] plain(List<PcapCapture.Packet> packets) {
        assertTrue(packets.size() >= SKIPPED_PACKETS + ENOUGH_PACKETS,
                packets.size() + " packets, expected " + (SKIPPED_PACKETS + ENOUGH_PACKETS));
        return pcm(packets.stream().map(PcapCapture.Packet::payload).toList());
    }

    /** G.711 payloads, after the first few, decoded to linear PCM (μ-law for PT 0, A-law for PT 8). */
    private static short[] pcm(List<byte[]> rtp) {
        List<byte[]> kept = rtp.subList(SKIPPED_PACKETS, Math.min(rtp.size(), SKIPPED_PACKETS + ENOUGH_PACKETS));
        int total = 0;
        for (byte[] packet : kept) {
            total += packet.length - headerLength(packet);
        }
        short[] samples = new short[total];
        int n = 0;
        for (byte[] packet : kept) {
            boolean alaw = (packet[1] & 0x7f) == 8;
            for (int i = headerLength(packet); i < packet.length; i++) {
                samples[n++] = alaw ? alaw(packet[i]) : ulaw(packet[i]);
            }
        }
        return samples;
    }

    /** RFC 3550 §5.1: fixed header, CSRCs, header extension. */
    private static int headerLength(byte[] packet) {
        int length = 12 + 4 * (packet[0] & 0x0f);
        if ((packet[0] & 0x10) != 0) {
            length += 4 + 4 * ((packet[length + 2] & 0xff) << 8 | packet[length + 3] & 0xff);
        }
        return length;
    }

    /** ITU-T G.711 μ-law to linear. */
    static short ulaw(byte code) {
        int u = ~code & 0xff;
        int magnitude = (((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 0x07);
        return (short) ((u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84);
    }

    /** ITU-T G.711 A-law to linear. */
    static short alaw(byte code) {
        int a = (code ^ 0x55) & 0xff;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0f;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short) ((a & 0x80) != 0 ? magnitude : -magnitude);
    }

    /**
     * The share of the signal's energy at {@code hz} (Goertzel): |X(f)|² against N·Σx²/2, which
     * is 1 for a pure sine at {@code hz} over whole periods and about 2/N for white noise.
     */
    static double share(short[] samples, double hz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / SAMPLE_RATE);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (short sample : samples) {
            double s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
            energy += (double) sample * sample;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return energy == 0 ? 0 : 2 * power / (samples.length * energy);
    }

    private static void assertTone(short[] samples, int hz, int otherHz, String direction) {
        double at = share(samples, hz);
        double other = share(samples, otherHz);
        assertTrue(at >= PRESENT, direction + ": " + String.format("%.3f", at) + " of the energy at " + hz
                + " Hz (expected >= " + PRESENT + "); at " + otherHz + " Hz: " + String.format("%.3f", other));
        assertTrue(other < ABSENT, direction + ": " + String.format("%.3f", other) + " of the energy at the other tone, "
                + otherHz + " Hz (expected < " + ABSENT + ")");
    }

    private static void assertNoTone(short[] samples, int hz, String direction) {
        double at = share(samples, hz);
        assertTrue(at < ABSENT, direction + ": " + String.format("%.3f", at) + " of the energy at " + hz
                + " Hz: the tone is readable (expected < " + ABSENT + ")");
    }

    // ---- the capture ----

    /**
     * The call as the capture shows it: the SDP of the four messages that carry it, and the RTP
     * (or SRTP) of each direction in capture order. Null while the 200 OK has not crossed both legs.
     */
    private record Call(String callerOffered, String callerSaw, String calleeSaw, String calleeAnswered,
            List<PcapCapture.Packet> fromCaller, List<PcapCapture.Packet> toCallee,
            List<PcapCapture.Packet> fromCallee, List<PcapCapture.Packet> toCaller, int direct) {

        int fewestPackets() {
            return Math.min(Math.min(fromCaller.size(), toCallee.size()), Math.min(fromCallee.size(), toCaller.size()));
        }

        static Call of(Net net, List<PcapCapture.Packet> packets) {
            String callerOffered = sdp(packets, net.caller(), CALLER_SIP_PORT, net.outside(), 5060, "INVITE ");
            String calleeSaw = sdp(packets, net.inside(), 5070, net.callee(), CALLEE_SIP_PORT, "INVITE ");
            String calleeAnswered = sdp(packets, net.callee(), CALLEE_SIP_PORT, net.inside(), 5070, "SIP/2.0 200 ");
            String callerSaw = sdp(packets, net.outside(), 5060, net.caller(), CALLER_SIP_PORT, "SIP/2.0 200 ");
            if (callerOffered == null || calleeSaw == null || calleeAnswered == null || callerSaw == null) {
                return null;
            }
            int callerRtp = port(callerOffered);
            int callerRelay = port(callerSaw);
            int calleeRelay = port(calleeSaw);
            int calleeRtp = port(calleeAnswered);
            List<PcapCapture.Packet> fromCaller = new ArrayList<>();
            List<PcapCapture.Packet> toCallee = new ArrayList<>();
            List<PcapCapture.Packet> fromCallee = new ArrayList<>();
            List<PcapCapture.Packet> toCaller = new ArrayList<>();
            int direct = 0;
            for (PcapCapture.Packet p : packets) {
                if (!isRtp(p)) {
                    continue;
                }
                // The phones' RTP leaves from 127.0.0.1 (see BaresipPhone): only their ports count.
                if (p.dst().equals(net.outside()) && p.dstPort() == callerRelay && p.srcPort() == callerRtp) {
                    fromCaller.add(p);
                } else if (p.src().equals(net.inside()) && p.srcPort() == calleeRelay && p.dstPort() == calleeRtp) {
                    toCallee.add(p);
                } else if (p.dst().equals(net.inside()) && p.dstPort() == calleeRelay && p.srcPort() == calleeRtp) {
                    fromCallee.add(p);
                } else if (p.src().equals(net.outside()) && p.srcPort() == callerRelay && p.dstPort() == callerRtp) {
                    toCaller.add(p);
                } else if ((p.dst().equals(net.caller()) || p.dst().equals(net.callee()))
                        && !p.src().equals(net.outside()) && !p.src().equals(net.inside())) {
                    direct++;
                }
            }
            return new Call(callerOffered, callerSaw, calleeSaw, calleeAnswered, fromCaller, toCallee, fromCallee,
                    toCaller, direct);
        }

        /** RTP version 2 with PCMU or PCMA, not RTCP (types 200-204); SRTP keeps the header in the clear. */
        private static boolean isRtp(PcapCapture.Packet p) {
            byte[] b = p.payload();
            return b.length >= 12 && (b[0] & 0xc0) == 0x80 && ((b[1] & 0x7f) == 0 || (b[1] & 0x7f) == 8);
        }

        private static int port(String sdp) {
            Matcher m = AUDIO.matcher(sdp);
            assertTrue(m.find(), "no m=audio:\n" + sdp);
            return Integer.parseInt(m.group(1));
        }
    }

    /** The SDP of the first message from src to dst whose start line begins with {@code start} (a response: to an INVITE). */
    private static String sdp(List<PcapCapture.Packet> packets, String src, int srcPort, String dst, int dstPort,
            String start) {
        for (PcapCapture.Packet p : packets) {
            if (p.src().equals(src) && p.srcPort() == srcPort && p.dst().equals(dst) && p.dstPort() == dstPort
                    && isMessage(p.text(), start) && body(p.text()).startsWith("v=0")) {
                return body(p.text());
            }
        }
        return null;
    }

    /** The whole first message from src to dst whose start line begins with {@code start}, or null. */
    private static String message(List<PcapCapture.Packet> packets, String src, int srcPort, String dst, int dstPort,
            String start) {
        for (PcapCapture.Packet p : packets) {
            if (p.src().equals(src) && p.srcPort() == srcPort && p.dst().equals(dst) && p.dstPort() == dstPort
                    && isMessage(p.text(), start)) {
                return p.text();
            }
        }
        return null;
    }

    private static boolean isMessage(String text, String start) {
        return text.startsWith(start) && text.contains("\r\n\r\n")
                && (!start.startsWith("SIP/") || INVITE_CSEQ.matcher(head(text)).find());
    }

    private static String head(String message) {
        return message.substring(0, message.indexOf("\r\n\r\n"));
    }

    private static String body(String message) {
        return message.substring(message.indexOf("\r\n\r\n") + 4);
    }
}

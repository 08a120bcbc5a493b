package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.b2bua.B2bua;
import org.sbc.core.config.ConfigLoader;

/**
 * Audio from a pcap crosses the SBC to a PBX that echoes it, and comes back: two sipp processes
 * (Debian's sip-tester 3.6.1, built with PCAP and RTPSTREAM), the SBC in-process with media
 * anchored, and everything checked on the wire with tcpdump on lo.
 *
 * <pre>
 * caller sipp 127.0.74.2:5062 ──udp:127.0.74.1:5060┤ SBC ├127.0.74.11:5070── PBX sipp 127.0.74.3:5080
 *   media 127.0.74.2:45000  ⇄  127.0.74.1:R_out ┤relay├ 127.0.74.11:R_in  ⇄  media 127.0.74.3:46000
 *   plays g711a.pcap (flows/uac_pcap_audio.xml)                  echoes it (-rtp_echo, flows/uas_rtp_echo.xml)
 * </pre>
 *
 * The caller plays sip-tester's g711a.pcap (236 RTP packets of PCMA) from its media port to the
 * address and port the SBC's 200 OK names; the PBX's sipp sends every packet it gets on its
 * media port back to where it came from. Four hops, each counted in the capture: caller → SBC
 * outside, SBC inside → PBX, PBX → SBC inside, SBC outside → caller.
 */
class SippRtpIT {

    private static final String OUTSIDE = "127.0.74.1";
    private static final String INSIDE = "127.0.74.11";
    private static final String CALLER = "127.0.74.2";
    private static final String PBX = "127.0.74.3";
    private static final int CALLER_SIP_PORT = 5062;
    private static final int PBX_SIP_PORT = 5080;
    /** sipp's media ports (-mp), outside the SBC's relay range. */
    private static final int CALLER_MEDIA_PORT = 45000;
    private static final int PBX_MEDIA_PORT = 46000;
    private static final int RELAY_LOW = 33400;
    private static final int RELAY_HIGH = 33499;
    private static final Path AUDIO = Path.of("/usr/share/sip-tester/g711a.pcap");
    private static final String CALLER_SCENARIO = "uac_pcap_audio.xml";
    /** PCMA (RFC 3551), what the pcap carries and both scenarios offer. */
    private static final int PCMA = 8;
    /** Each hop must carry at least this share of the pcap's packets: loopback loses next to none. */
    private static final double ENOUGH = 0.9;

    private static final Pattern AUDIO_PORT = Pattern.compile("(?m)^m=audio (\\d+) ");
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+?)\\s*$");
    private static final Pattern ORIGIN = Pattern.compile("(?m)^o=\\S+ \\S+ \\S+ IN IP4 (\\S+?)\\s*$");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b");
    private static final Pattern PAUSE = Pattern.compile("<pause milliseconds=\"(\\d+)\"/>");

    @Test
    void audioFromAPcapCrossesTheSbcToAnEchoingPbxAndBackToTheCaller() throws Exception {
        List<PcapCapture.Packet> played = PcapCapture.read(AUDIO).stream().filter(SippRtpIT::isPcma).toList();
        assertTrue(played.size() >= 100, AUDIO + " holds " + played.size() + " PCMA packets");
        assertPlaybackEndsBeforeTheBye(played);
        int expected = played.size();
        Set<String> audio = new HashSet<>();
        played.forEach(p -> audio.add(audioOf(p)));

        Path dir = Files.createTempDirectory("sipp-rtp");
        Path config = Files.writeString(dir.resolve("sbc.yaml"), """
                outside:
                  listen: [udp:%s:5060]
                inside:
                  listen: [udp:%s:5070]
                  pbx: sip:%s:%d
                admin:
                  listen: %s:18476
                security:
                  trusted: [%s/32]
                b2bua:
                  keepalive_seconds: 0
                media:
                  ports: %d-%d
                """.formatted(OUTSIDE, INSIDE, PBX, PBX_SIP_PORT, OUTSIDE, PBX, RELAY_LOW, RELAY_HIGH));
        // keepalive_seconds 0: an OPTIONS to the PBX would be a message sipp's scenario does not expect.
        SbcServer sbc = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)), Optional.of(config));
        Path pcap = dir.resolve("call.pcap");
        List<PcapCapture.Packet> packets;
        try {
            SippRun pbx = null;
            SippRun caller = null;
            try (PcapCapture capture = PcapCapture.start(pcap, "udp and net 127.0.74.0/24")) {
                pbx = SippRun.start("uas_rtp_echo.xml", PBX, PBX_SIP_PORT, "u1", "",
                        List.of("-mi", PBX, "-mp", Integer.toString(PBX_MEDIA_PORT), "-rtp_echo"));
                awaitUdpBound(PBX, PBX_SIP_PORT, pbx);
                awaitUdpBound(PBX, PBX_MEDIA_PORT, pbx);
                caller = SippRun.start(CALLER_SCENARIO, CALLER, CALLER_SIP_PORT, "u1", OUTSIDE + ":5060",
                        List.of("-mi", CALLER, "-mp", Integer.toString(CALLER_MEDIA_PORT)));
                // While the pcap plays (7 s), the call holds one relay session.
                awaitMediaSessions(sbc, 1, Duration.ofSeconds(5));
                caller.assertSucceeds("caller");
                pbx.assertSucceeds("PBX");
                packets = capture.stopAndRead();
            } finally {
                for (SippRun run : Arrays.asList(caller, pbx)) {
                    if (run != null) {
                        run.stop();
                    }
                }
            }

            // The relay session goes with the call's BYE.
            awaitMediaSessions(sbc, 0, Duration.ofSeconds(2));
        } finally {
            sbc.close();
        }

        // The SDP of the four messages that carry it, as they crossed the wire.
        String callerOffered = sdp(packets, CALLER, CALLER_SIP_PORT, OUTSIDE, 5060, "INVITE ", pcap);
        String pbxSaw = sdp(packets, INSIDE, 5070, PBX, PBX_SIP_PORT, "INVITE ", pcap);
        String pbxAnswered = sdp(packets, PBX, PBX_SIP_PORT, INSIDE, 5070, "SIP/2.0 200 ", pcap);
        String callerSaw = sdp(packets, OUTSIDE, 5060, CALLER, CALLER_SIP_PORT, "SIP/2.0 200 ", pcap);
        // sipp's [media_port] is its -mp, the port it plays from and echoes on.
        assertEquals(CALLER_MEDIA_PORT, port(callerOffered), "the caller's offer:\n" + callerOffered);
        assertEquals(PBX_MEDIA_PORT, port(pbxAnswered), "the PBX's answer:\n" + pbxAnswered);
        // Each side was told of the SBC only, and of a relay port.
        assertNamesOnlyTheSbc(OUTSIDE, callerSaw, "the caller (200 OK)");
        assertNamesOnlyTheSbc(INSIDE, pbxSaw, "the PBX (INVITE)");
        int outsideRelay = port(callerSaw);
        int insideRelay = port(pbxSaw);

        int toOutside = count(packets, CALLER, CALLER_MEDIA_PORT, OUTSIDE, outsideRelay, audio);
        int toPbx = count(packets, INSIDE, insideRelay, PBX, PBX_MEDIA_PORT, audio);
        int echoToInside = count(packets, PBX, PBX_MEDIA_PORT, INSIDE, insideRelay, audio);
        int echoToCaller = count(packets, OUTSIDE, outsideRelay, CALLER, CALLER_MEDIA_PORT, audio);
        String hops = "of " + expected + " packets played: caller -> " + OUTSIDE + ":" + outsideRelay + " " + toOutside
                + ", " + INSIDE + ":" + insideRelay + " -> PBX " + toPbx + ", PBX -> " + INSIDE + ":" + insideRelay + " "
                + echoToInside + ", " + OUTSIDE + ":" + outsideRelay + " -> caller " + echoToCaller + "; capture " + pcap;
        for (int hop : List.of(toOutside, toPbx, echoToInside, echoToCaller)) {
            assertTrue(hop >= Math.ceil(expected * ENOUGH), hops);
            assertTrue(hop <= expected, "more packets than were played (duplicated?): " + hops);
        }
        // No media between the peers without the SBC, nor any packet of the caller's sent elsewhere.
        long direct = packets.stream().filter(SippRtpIT::isPcma)
                .filter(p -> Set.of(CALLER, PBX).contains(p.src()) && Set.of(CALLER, PBX).contains(p.dst())).count();
        assertEquals(0, direct, "RTP went between the caller and the PBX without the SBC; capture " + pcap);
        long callerElsewhere = packets.stream().filter(SippRtpIT::isPcma)
                .filter(p -> p.src().equals(CALLER) && !(p.dst().equals(OUTSIDE) && p.dstPort() == outsideRelay)).count();
        assertEquals(0, callerElsewhere, "the caller's RTP went elsewhere than the 200 OK's SDP said; capture " + pcap);
    }

    private static void awaitMediaSessions(SbcServer sbc, int sessions, Duration within) throws InterruptedException {
        B2bua.State state = sbc.b2bua().state();
        long deadline = System.nanoTime() + within.toNanos();
        while (state.mediaSessions() != sessions && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = sbc.b2bua().state();
        }
        assertEquals(sessions, state.mediaSessions(), "relay sessions within " + within + ": " + state);
    }

    /** The scenario hangs up after its pause: the pcap must have been played (and echoed) by then. */
    private static void assertPlaybackEndsBeforeTheBye(List<PcapCapture.Packet> played) throws Exception {
        String scenario = Files.readString(Path.of("src/test/resources/sipp/flows", CALLER_SCENARIO));
        Matcher pause = PAUSE.matcher(scenario);
        assertTrue(pause.find(), CALLER_SCENARIO + " has no pause before its BYE");
        long spanMillis = (played.get(played.size() - 1).micros() - played.get(0).micros()) / 1_000;
        assertTrue(spanMillis + 200 <= Long.parseLong(pause.group(1)), AUDIO + " plays " + spanMillis
                + " ms, longer than the caller's pause of " + pause.group(1) + " ms and the echo's way back");
    }

    /** RTP version 2 carrying PCMA (marker bit ignored). */
    private static boolean isPcma(PcapCapture.Packet p) {
        byte[] b = p.payload();
        return b.length > 12 && (b[0] & 0xc0) == 0x80 && (b[1] & 0x7f) == PCMA;
    }

    /** The audio samples of an RTP packet without CSRCs or extension (as the pcap's are), as hex. */
    private static String audioOf(PcapCapture.Packet p) {
        byte[] b = p.payload();
        StringBuilder hex = new StringBuilder();
        for (int i = 12 + 4 * (b[0] & 0x0f); i < b.length; i++) {
            hex.append(String.format(Locale.ROOT, "%02x", b[i]));
        }
        return hex.toString();
    }

    /** PCMA packets from src to dst whose samples are the pcap's (so the caller's audio, echoed or not). */
    private static int count(List<PcapCapture.Packet> packets, String src, int srcPort, String dst, int dstPort,
            Set<String> audio) {
        Predicate<PcapCapture.Packet> hop = p -> p.src().equals(src) && p.srcPort() == srcPort
                && p.dst().equals(dst) && p.dstPort() == dstPort;
        return (int) packets.stream().filter(SippRtpIT::isPcma).filter(hop).filter(p -> audio.contains(audioOf(p))).count();
    }

    /** Waits until {@code ip:port} is bound by a UDP socket (the PBX's sipp is listening), failing with its log when not. */
    private static void awaitUdpBound(String ip, int port, SippRun run) throws Exception {
        if (!LocalSockets.awaitListening(ip, port, false, Duration.ofSeconds(5), () -> true)) {
            fail("sipp did not bind udp " + ip + ":" + port + " within 5 s: " + run.errors());
        }
    }


    /** The SDP of the first message from src to dst whose start line begins with {@code start} (a 200: to the INVITE). */
    private static String sdp(List<PcapCapture.Packet> packets, String src, int srcPort, String dst, int dstPort,
            String start, Path pcap) {
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
        fail("no " + start.strip() + " with SDP from " + src + ":" + srcPort + " to " + dst + ":" + dstPort + " in " + pcap);
        return null;
    }

    /** o= and c= name the SBC's {@code sbc}, no other IPv4 address appears, and m= is a relay port. */
    private static void assertNamesOnlyTheSbc(String sbc, String sdp, String who) {
        Matcher c = CONNECTION.matcher(sdp);
        Matcher o = ORIGIN.matcher(sdp);
        assertTrue(c.find() && o.find(), who + " got an SDP without c= or o=:\n" + sdp);
        assertEquals(sbc, c.group(1), who + ": c=\n" + sdp);
        assertEquals(sbc, o.group(1), who + ": o=\n" + sdp);
        Matcher any = IPV4.matcher(sdp);
        while (any.find()) {
            assertEquals(sbc, any.group(), who + " saw an address other than the SBC's:\n" + sdp);
        }
        int port = port(sdp);
        assertTrue(port >= RELAY_LOW && port <= RELAY_HIGH, who + " was not given a relay port:\n" + sdp);
    }

    private static int port(String sdp) {
        Matcher m = AUDIO_PORT.matcher(sdp);
        assertNotNull(sdp);
        assertTrue(m.find(), "no m=audio:\n" + sdp);
        return Integer.parseInt(m.group(1));
    }
}

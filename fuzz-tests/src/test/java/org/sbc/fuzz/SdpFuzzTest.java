package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Timeout;
import org.sbc.media.sdp.MediaSection;
import org.sbc.media.sdp.Sdp;
import org.sbc.media.sdp.SdpAnchor;
import org.sbc.media.sdp.SdpAnchor.LocalPorts;
import org.sbc.media.sdp.SdpAnchor.Profile;
import org.sbc.media.sdp.SdpAnchor.StreamPeer;
import org.sbc.media.sdp.SdpOrigin;
import org.sbc.media.srtp.SdesCrypto;
import org.sbc.media.srtp.SrtpMasterKey;
import org.sbc.media.srtp.SrtpSuite;

/**
 * Jazzer target for the SDP the media anchor reads from one leg and writes to the other
 * ({@link Sdp#parse}, {@link SdpAnchor#peers}, {@link SdpAnchor#rewrite}). The body is decoded as
 * the B2BUA decodes it (UTF-8). Seeds ({@code SdpFuzzTestInputs/parseAndRewrite/}) are SDPs as
 * phones, PBXs and gateways send them.
 */
@Timeout(10)
class SdpFuzzTest {

    static final InetAddress SBC_IPV4 = literal("203.0.113.10");
    static final InetAddress SBC_IPV6 = literal("2001:db8::10");

    /** The one key the SBC offers on SRTP legs in this target; its value is irrelevant, its presence is. */
    private static final SdesCrypto SBC_KEY = SdesCrypto.of(1,
            SrtpMasterKey.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80, new byte[SrtpSuite.AES_CM_128_HMAC_SHA1_80.keyAndSaltLength()]));

    /** Attributes that must never reach the other leg in any spelling (ICE, product names, SSRC cnames). */
    private static final Set<String> NEVER_CROSS = Set.of("tool", "candidate", "remote-candidates", "ice-ufrag",
            "ice-pwd", "ice-options", "ice-lite", "ssrc", "ssrc-group", "crypto");

    /**
     * Line types never copied from one leg to the other, at any level: they name the peer (origin,
     * session name, info, URI, e-mail, phone, connection, key) or restart the description.
     */
    private static final Set<Character> NEVER_COPIED_TYPES = Set.of('v', 'o', 's', 'i', 'u', 'e', 'p', 'k', 'c');

    /**
     * Any text: parsing never throws and stays within its bounds; a parsed SDP's peers are
     * consistent with its m= lines; its rewrite parses again, keeps the m= order with the SBC's
     * ports, names no address but the SBC's in any address field, carries no ICE, tool, ssrc or
     * peer crypto line, and copies no line that names the peer (o=, s=, i=, u=, e=, p=, k=, c=).
     */
    @FuzzTest(maxDuration = "10s")
    void parseAndRewrite(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        Optional<Sdp> parsed = Sdp.parse(text);
        if (parsed.isEmpty()) {
            return;
        }
        Sdp sdp = parsed.get();
        assertTrue(sdp.media().size() <= Sdp.MAX_STREAMS, "streams: " + sdp.media().size());
        for (MediaSection section : sdp.media()) {
            section.clockRate();
            section.rtcpPort().ifPresent(port -> assertTrue(port >= 0 && port <= 65535, "rtcp port " + port));
            for (String value : section.cryptoValues()) {
                SdesCrypto.parse(value);
            }
        }
        checkPeers(sdp);

        SplittableRandom choices = new SplittableRandom(crc(body));
        InetAddress sbc = choices.nextBoolean() ? SBC_IPV4 : SBC_IPV6;
        List<Optional<LocalPorts>> ports = new ArrayList<>();
        List<Optional<Profile>> profiles = new ArrayList<>();
        for (int i = 0; i < sdp.media().size(); i++) {
            MediaSection section = sdp.media().get(i);
            ports.add(choices.nextInt(8) == 0 ? Optional.empty()
                    : Optional.of(new LocalPorts(30_000 + 4 * i, 30_001 + 4 * i)));
            profiles.add(choices.nextBoolean() ? Optional.empty()
                    : Optional.of(new Profile(section.proto(true), Optional.of(SBC_KEY))));
        }
        String out = SdpAnchor.rewrite(sdp, sbc, ports, profiles, SdpOrigin.of(new SplittableRandom(1)));
        checkRewrite(text, sdp, out, sbc, ports, profiles);
    }

    private static void checkPeers(Sdp sdp) {
        List<StreamPeer> peers = SdpAnchor.peers(sdp);
        assertEquals(sdp.media().size(), peers.size(), "one peer per m= line");
        for (int i = 0; i < peers.size(); i++) {
            StreamPeer peer = peers.get(i);
            MediaSection section = sdp.media().get(i);
            assertEquals(section.declined(), peer.declined(), "declined");
            peer.rtp().ifPresent(rtp -> assertEquals(section.port(), rtp.getPort(), "rtp port"));
            peer.rtp().map(InetSocketAddress::getAddress)
                    .ifPresent(a -> assertFalse(a.isAnyLocalAddress(), "a hold address is no peer"));
            assertTrue(peer.rtp().isPresent() || peer.rtcp().isEmpty(), "rtcp without rtp");
        }
    }

    private static void checkRewrite(String input, Sdp sdp, String out, InetAddress sbc,
            List<Optional<LocalPorts>> ports, List<Optional<Profile>> profiles) {
        String why = "\n--- in\n" + input + "\n--- out\n" + out;
        Sdp again = Sdp.parse(out).orElseThrow(() -> new AssertionError("the rewrite does not parse" + why));
        assertEquals(sdp.media().size(), again.media().size(), "m= lines" + why);
        String addrtype = sbc.getAddress().length == 4 ? "IP4" : "IP6";
        String address = sbc == SBC_IPV4 ? "203.0.113.10" : "2001:db8::10";
        String nullAddress = addrtype.equals("IP4") ? "0.0.0.0" : "::";
        Set<String> written = new HashSet<>();
        written.add("c=IN " + addrtype + " " + address);
        written.add("c=IN " + addrtype + " " + nullAddress);
        written.add("s=-");
        written.add("a=crypto:" + SBC_KEY.format());
        for (int i = 0; i < sdp.media().size(); i++) {
            MediaSection section = sdp.media().get(i);
            Optional<LocalPorts> held = section.declined() ? Optional.empty() : ports.get(i);
            MediaSection rewritten = again.media().get(i);
            assertEquals(held.map(LocalPorts::rtp).orElse(0), rewritten.port(), "m= port of stream " + i + why);
            assertEquals(section.media(), rewritten.media(), "media of stream " + i + why);
            held.ifPresent(p -> written.add("a=rtcp:" + p.rtcp() + " IN " + addrtype + " " + address));
            long keys = rewritten.lines().stream().filter(l -> l.startsWith("a=crypto:")).count();
            boolean keyed = held.isPresent() && profiles.get(i).flatMap(Profile::key).isPresent();
            assertEquals(keyed ? 1 : 0, keys, "a=crypto lines of stream " + i + why);
        }
        Set<String> inputLines = new HashSet<>(input.lines().toList());
        List<String> lines = out.lines().toList();
        assertEquals("v=0", lines.get(0), why);
        assertTrue(lines.get(1).matches("o=- \\d+ \\d+ IN " + addrtype + " " + java.util.regex.Pattern.quote(address)),
                "o= line" + why);
        boolean inMedia = false;
        for (String line : lines.subList(2, lines.size())) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (line.startsWith("m=")) {
                inMedia = true;
                continue;
            }
            if (lower.startsWith("a=")) {
                String name = attributeName(lower);
                assertFalse(NEVER_CROSS.contains(name) && !written.contains(line), "crossed: " + line + why);
                assertFalse(name.equals("rtcp") && !written.contains(line), "a peer's rtcp address crossed: " + line + why);
            }
            if (written.contains(line)) {
                continue;
            }
            assertTrue(inputLines.contains(line), "the anchor wrote a line of its own: " + line + why);
            assertTrue(!line.isEmpty() && !NEVER_COPIED_TYPES.contains(line.charAt(0)),
                    "a " + (inMedia ? "media" : "session") + "-level line of this type must not cross: " + line + why);
        }
    }

    private static String attributeName(String lowerLine) {
        int colon = lowerLine.indexOf(':');
        return colon < 0 ? lowerLine.substring(2) : lowerLine.substring(2, colon);
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

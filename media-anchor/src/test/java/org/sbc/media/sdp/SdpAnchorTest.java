package org.sbc.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sbc.feeds.IpLiteral;
import org.sbc.media.sdp.SdpAnchor.LocalPorts;
import org.sbc.media.sdp.SdpAnchor.StreamPeer;
import org.sbc.media.srtp.SdesCrypto;
import org.sbc.media.srtp.SrtpSuite;

class SdpAnchorTest {

    private static final String PBX_OFFER = String.join("\r\n",
            "v=0",
            "o=asterisk-pbx 1234 5678 IN IP4 10.0.0.5",
            "s=Asterisk PBX 18.2.1",
            "i=call from the sales queue",
            "c=IN IP4 10.0.0.5",
            "t=0 0",
            "a=tool:Asterisk 18",
            "m=audio 10000 RTP/AVP 0 8 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-16",
            "a=ptime:20",
            "a=rtcp:10001 IN IP4 10.0.0.5",
            "a=ice-ufrag:abcd",
            "a=ice-pwd:secretsecretsecretsecret",
            "a=candidate:1 1 UDP 2130706431 10.0.0.5 10000 typ host",
            "a=end-of-candidates",
            "a=sendrecv",
            "a=ssrc:1928 cname:sip:asterisk@10.0.0.5",
            "a=X-vendor-route:10.0.0.5",
            "a=T38FaxVersion:0",
            "m=video 0 RTP/AVP 96",
            "a=rtpmap:96 H264/90000",
            "") ;

    private static final InetAddress SBC = address("203.0.113.10");
    private final SdpOrigin origin = SdpOrigin.of(new Random(7));

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static Sdp sdp(String text) {
        return Sdp.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
    }

    @Test
    void namesOnlyTheSbcAndItsPortsAndKeepsTheCodecs() {
        String out = SdpAnchor.rewrite(sdp(PBX_OFFER), SBC,
                List.of(Optional.of(new LocalPorts(30000, 30001)), Optional.empty()), origin);

        for (String leak : List.of("10.0.0.5", "asterisk", "Asterisk", "sales", "10000", "ice-", "candidate", "ssrc",
                "X-vendor")) {
            assertFalse(out.contains(leak), () -> leak + " crossed:\n" + out);
        }
        List<String> lines = out.lines().toList();
        assertEquals("v=0", lines.get(0));
        assertTrue(lines.get(1).matches("o=- \\d+ 0 IN IP4 203\\.0\\.113\\.10"), lines.get(1));
        assertEquals("s=-", lines.get(2));
        assertEquals("c=IN IP4 203.0.113.10", lines.get(3), "c= before t=, as RFC 8866 orders them");
        assertTrue(lines.contains("m=audio 30000 RTP/AVP 0 8 101"), out);
        assertTrue(lines.contains("a=rtcp:30001 IN IP4 203.0.113.10"), out);
        for (String kept : List.of("a=rtpmap:0 PCMU/8000", "a=fmtp:101 0-16", "a=ptime:20", "a=sendrecv",
                "a=T38FaxVersion:0")) {
            assertTrue(lines.contains(kept), () -> kept + " lost:\n" + out);
        }
        assertTrue(lines.contains("m=video 0 RTP/AVP 96"), "a declined stream stays declined");
        assertTrue(out.endsWith("\r\n"));
    }

    @Test
    void readsWhereEachStreamWantsItsMedia() {
        Sdp offer = sdp(String.join("\r\n", "v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1",
                "t=0 0",
                "m=audio 4000 RTP/AVP 0",
                "m=audio 5000 RTP/AVP 0", "a=rtcp:5009 IN IP4 192.0.2.9",
                "m=video 6000 RTP/AVP 96", "c=IN IP4 192.0.2.6", "a=rtcp-mux",
                "m=audio 0 RTP/AVP 0", ""));

        List<StreamPeer> peers = SdpAnchor.peers(offer);

        assertEquals(new StreamPeer(Optional.of(socket("192.0.2.1", 4000)), Optional.of(socket("192.0.2.1", 4001)),
                false), peers.get(0), "RTCP at RTP + 1 by default");
        assertEquals(Optional.of(socket("192.0.2.1", 5009)), peers.get(1).rtcp(), "a=rtcp's port (RFC 3605)");
        assertEquals(Optional.of(socket("192.0.2.6", 6000)), peers.get(2).rtp(), "a media-level c= wins");
        assertEquals(peers.get(2).rtp(), peers.get(2).rtcp(), "rtcp-mux: one port");
        assertTrue(peers.get(3).declined());
        assertTrue(peers.get(3).rtp().isEmpty());
    }

    @Test
    void keepsAnOldStyleHoldVisibleAndSendsNothingThere() {
        Sdp hold = sdp(String.join("\r\n", "v=0", "o=- 1 2 IN IP4 192.0.2.1", "s=-", "c=IN IP4 0.0.0.0", "t=0 0",
                "m=audio 4000 RTP/AVP 0", "a=sendonly", ""));

        assertTrue(SdpAnchor.peers(hold).get(0).rtp().isEmpty(), "nobody to send to while held");
        String out = SdpAnchor.rewrite(hold, SBC, List.of(Optional.of(new LocalPorts(30000, 30001))), origin);
        List<String> lines = out.lines().toList();
        int m = lines.indexOf("m=audio 30000 RTP/AVP 0");
        assertEquals("c=IN IP4 0.0.0.0", lines.get(m + 1), out);
        assertTrue(lines.contains("a=sendonly"));
    }

    @Test
    void neverResolvesAHostNameInConnectionData() {
        Sdp named = sdp(String.join("\r\n", "v=0", "o=- 1 1 IN IP4 pbx.example", "s=-", "c=IN IP4 pbx.example",
                "t=0 0", "m=audio 4000 RTP/AVP 0", ""));

        assertTrue(SdpAnchor.peers(named).get(0).rtp().isEmpty());
    }

    @Test
    void countsTheOriginVersionOnlyWhenTheDescriptionChanges() {
        Sdp offer = sdp(PBX_OFFER);
        List<Optional<LocalPorts>> ports = List.of(Optional.of(new LocalPorts(30000, 30001)), Optional.empty());
        String first = SdpAnchor.rewrite(offer, SBC, ports, origin);
        String again = SdpAnchor.rewrite(offer, SBC, ports, origin);
        String moved = SdpAnchor.rewrite(offer, SBC, List.of(Optional.of(new LocalPorts(30002, 30003)),
                Optional.empty()), origin);

        String[] o1 = first.lines().toList().get(1).split(" ");
        String[] o2 = again.lines().toList().get(1).split(" ");
        String[] o3 = moved.lines().toList().get(1).split(" ");
        assertEquals(o1[1], o3[1], "one session id for the leg's life");
        assertEquals("0", o2[2], "unchanged: the same version (RFC 3264 §8)");
        assertEquals("1", o3[2], "changed: one more");
    }

    @Test
    void writesAnIpv6Anchor() {
        String out = SdpAnchor.rewrite(sdp(PBX_OFFER), address("2001:db8::10"),
                List.of(Optional.of(new LocalPorts(30000, 30001)), Optional.empty()), origin);

        assertTrue(out.contains("c=IN IP6 2001:db8::10\r\n"), "RFC 5952 text: " + out);
        assertTrue(out.lines().toList().get(1).contains(" IN IP6 "), out);
    }

    @Test
    void refusesWhatIsNotAnAnchorableDescription() {
        assertTrue(Sdp.parse("hello").isEmpty());
        assertTrue(Sdp.parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nm=audio port RTP/AVP 0\r\n").isEmpty());
        assertTrue(Sdp.parse("v=0\r\nnot a line\r\n").isEmpty());
        StringBuilder many = new StringBuilder("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n");
        for (int i = 0; i <= Sdp.MAX_STREAMS; i++) {
            many.append("m=audio ").append(4000 + 2 * i).append(" RTP/AVP 0\r\n");
        }
        assertTrue(Sdp.parse(many.toString()).isEmpty(), "each stream costs ports: bounded");
    }

    private static InetSocketAddress socket(String ip, int port) {
        return new InetSocketAddress(address(ip), port);
    }

    @Test
    void theirKeysNeverCrossAndEachStreamGetsTheProfileAndKeyItIsGiven() {
        String secured = String.join("\r\n", "v=0", "o=- 1 1 IN IP4 10.0.0.5", "s=-", "c=IN IP4 10.0.0.5", "t=0 0",
                "m=audio 10000 RTP/SAVPF 0", "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:"
                        + "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVzcyAoc2VuZGVy", "a=rtcp-fb:* nack",
                "m=image 10002 udptl t38", "a=T38FaxVersion:0", "");
        SdesCrypto ours = SdesCrypto.generate(3,
                SrtpSuite.AES_CM_128_HMAC_SHA1_80, new SecureRandom());

        String plain = SdpAnchor.rewrite(sdp(secured), SBC,
                List.of(Optional.of(new LocalPorts(20000, 20001)), Optional.of(new LocalPorts(20002, 20003))), origin);
        assertTrue(plain.contains("m=audio 20000 RTP/SAVPF 0\r\n"), plain);
        assertFalse(plain.contains("a=crypto"), "no key crosses unchanged: " + plain);

        String rewritten = SdpAnchor.rewrite(sdp(secured), SBC,
                List.of(Optional.of(new LocalPorts(20000, 20001)), Optional.of(new LocalPorts(20002, 20003))),
                List.of(Optional.of(new SdpAnchor.Profile("RTP/AVPF", Optional.empty())), Optional.empty()), origin);
        assertTrue(rewritten.contains("m=audio 20000 RTP/AVPF 0\r\na=rtcp-fb:* nack\r\nm=image 20002 udptl t38"),
                rewritten);
        assertFalse(rewritten.contains("a=crypto"), rewritten);

        String keyed = SdpAnchor.rewrite(sdp(secured), SBC,
                List.of(Optional.of(new LocalPorts(20000, 20001)), Optional.of(new LocalPorts(20002, 20003))),
                List.of(Optional.of(new SdpAnchor.Profile("RTP/SAVPF", Optional.of(ours))), Optional.empty()), origin);
        assertTrue(keyed.contains("m=audio 20000 RTP/SAVPF 0\r\na=rtcp-fb:* nack\r\na=crypto:" + ours.format()
                + "\r\nm=image"), keyed);
        assertEquals(1, keyed.split("a=crypto", -1).length - 1, keyed);
    }

    @Test
    void tellsRtpProfilesAndSecureOnesApart() {
        MediaSection savpf = sdp("v=0\r\nm=audio 1 RTP/SAVPF 0\r\n").media().get(0);
        MediaSection dtls = sdp("v=0\r\nm=audio 1 UDP/TLS/RTP/SAVP 0\r\n").media().get(0);
        MediaSection fax = sdp("v=0\r\nm=image 1 udptl t38\r\n").media().get(0);
        assertTrue(savpf.rtp() && savpf.secure());
        assertEquals("RTP/AVPF", savpf.proto(false));
        assertEquals("RTP/SAVPF", savpf.proto(true));
        assertTrue(!dtls.rtp() && dtls.secure());
        assertTrue(!fax.rtp() && !fax.secure());
        assertEquals("udptl", fax.proto(true));
    }

    @Test
    void readsTheClockOfTheFirstFormat() {
        assertEquals(java.util.OptionalInt.of(48_000), sdp("v=0\r\nm=audio 1 RTP/AVP 111 0\r\n"
                + "a=rtpmap:111 opus/48000/2\r\n").media().get(0).clockRate());
        assertEquals(java.util.OptionalInt.of(8_000), sdp("v=0\r\nm=audio 1 RTP/AVP 8 0\r\n").media().get(0).clockRate());
        assertEquals(java.util.OptionalInt.empty(), sdp("v=0\r\nm=audio 1 RTP/AVP 96\r\n").media().get(0).clockRate());
        assertEquals(java.util.OptionalInt.empty(), sdp("v=0\r\nm=image 1 udptl t38\r\n").media().get(0).clockRate());
    }

    @Test
    void writesIpv6InItsCanonicalText() {
        assertEquals("::1", IpLiteral.format(address("0:0:0:0:0:0:0:1")));
        assertEquals("::", IpLiteral.format(address("::")));
        assertEquals("2001:db8::1:0:0:1", IpLiteral.format(address("2001:0db8:0:0:1:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpLiteral.format(address("2001:db8:0:1:1:1:1:1")));
        assertEquals("fe80::", IpLiteral.format(address("fe80:0:0:0:0:0:0:0")));
        assertEquals("192.0.2.7", IpLiteral.format(address("192.0.2.7")));
    }
}

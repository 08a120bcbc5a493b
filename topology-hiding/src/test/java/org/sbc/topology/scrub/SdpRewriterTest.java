package org.sbc.topology.scrub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SdpRewriterTest {

    private static final String OFFER = String.join("\r\n",
            "v=0",
            "o=alice 2890844526 2890844527 IN IP4 10.1.2.3",
            "s=-",
            "c=IN IP4 10.1.2.3",
            "t=0 0",
            "m=audio 49170 RTP/AVP 0 8",
            "a=rtcp:49171 IN IP4 10.1.2.3",
            "a=candidate:1 1 UDP 2130706431 10.1.2.3 49170 typ host",
            "a=remote-candidates:1 192.0.2.9 3000",
            "a=rtpmap:0 PCMU/8000",
            "m=video 51372 RTP/AVP 99",
            "c=IN IP4 10.1.2.4",
            "a=rtcp:51373",
            "") ;

    @Test
    void putsTheSbcAddressInOriginConnectionAndRtcpAndDropsCandidatesKeepingCrlf() {
        String expected = String.join("\r\n",
                "v=0",
                "o=alice 2890844526 2890844527 IN IP4 203.0.113.5",
                "s=-",
                "c=IN IP4 203.0.113.5",
                "t=0 0",
                "m=audio 49170 RTP/AVP 0 8",
                "a=rtcp:49171 IN IP4 203.0.113.5",
                "a=rtpmap:0 PCMU/8000",
                "m=video 51372 RTP/AVP 99",
                "c=IN IP4 203.0.113.5",
                "a=rtcp:51373",
                "");
        assertEquals(expected, SdpRewriter.rewrite(OFFER, "203.0.113.5"));
    }

    @Test
    void switchesTheAddressTypeForIpv6() {
        String sdp = "v=0\no=- 1 1 IN IP4 10.1.2.3\nc=IN IP4 10.1.2.3\na=rtcp:9 IN IP4 10.1.2.3\n";
        assertEquals("v=0\no=- 1 1 IN IP6 2001:db8::5\nc=IN IP6 2001:db8::5\na=rtcp:9 IN IP6 2001:db8::5\n",
                SdpRewriter.rewrite(sdp, "2001:db8::5"));
        assertEquals("c=IN IP6 2001:db8::5\n", SdpRewriter.rewrite("c=IN IP6 fd00::1\n", "[2001:db8::5]"));
    }

    @Test
    void keepsTheNullAddressOfAHoldInTheSbcAddressType() {
        String hold = "o=- 1 2 IN IP4 10.1.2.3\r\nc=IN IP4 10.1.2.3\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\n";
        assertEquals("o=- 1 2 IN IP4 203.0.113.5\r\nc=IN IP4 203.0.113.5\r\nm=audio 4000 RTP/AVP 0\r\n"
                + "c=IN IP4 0.0.0.0\r\n", SdpRewriter.rewrite(hold, "203.0.113.5"));
        assertEquals("c=IN IP6 ::\n", SdpRewriter.rewrite("c=IN IP4 0.0.0.0\n", "2001:db8::5"));
        assertEquals("c=IN IP4 0.0.0.0\n", SdpRewriter.rewrite("c=IN IP6 ::\n", "203.0.113.5"));
        assertEquals("c=IN IP6 ::\n", SdpRewriter.rewrite("c=IN IP6 0:0:0:0:0:0:0:0\n", "[2001:db8::5]"));
        assertEquals("c=IN IP4 203.0.113.5\n", SdpRewriter.rewrite("c=IN IP4 0.0.0.1\n", "203.0.113.5"),
                "only the null address is a hold");
        assertEquals("c=IN IP6 2001:db8::5\n", SdpRewriter.rewrite("c=IN IP6 ::1\n", "2001:db8::5"));
    }

    @Test
    void dropsAMulticastSuffixAndKeepsAMissingFinalLineEnding() {
        assertEquals("c=IN IP4 203.0.113.5\r\nm=audio 1 RTP/AVP 0",
                SdpRewriter.rewrite("c=IN IP4 233.252.0.1/127/3\r\nm=audio 1 RTP/AVP 0", "203.0.113.5"));
    }

    @Test
    void leavesEverythingElseAlone() {
        String sdp = "v=0\r\na=sendrecv\r\nb=AS:64\r\nk=prompt\r\no=malformed\r\n\r\n";
        assertEquals(sdp, SdpRewriter.rewrite(sdp, "203.0.113.5"));
        assertEquals("", SdpRewriter.rewrite("", "203.0.113.5"));
    }
}

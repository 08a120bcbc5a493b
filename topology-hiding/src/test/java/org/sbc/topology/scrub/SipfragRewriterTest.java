package org.sbc.topology.scrub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SipfragRewriterTest {

    @Test
    void keepsOnlyTheStatusLine() {
        String frag = "SIP/2.0 200 OK\r\nContact: <sip:bob@10.1.2.3>\r\nVia: SIP/2.0/UDP 10.1.2.3\r\n\r\n";
        assertEquals("SIP/2.0 200 OK\r\n", SipfragRewriter.startLineOnly(frag));
    }

    @Test
    void keepsARequestLineAndEndsItWithCrlf() {
        assertEquals("INVITE sip:bob@sbc.example SIP/2.0\r\n",
                SipfragRewriter.startLineOnly("INVITE sip:bob@sbc.example SIP/2.0\nFrom: x"));
        assertEquals("SIP/2.0 100 Trying\r\n", SipfragRewriter.startLineOnly("SIP/2.0 100 Trying"));
    }

    @Test
    void anEmptyOrBlankBodyGivesNothing() {
        assertEquals("", SipfragRewriter.startLineOnly(""));
        assertEquals("", SipfragRewriter.startLineOnly("  \r\n\t\r\n"));
        assertEquals("", SipfragRewriter.startLineOnly(null));
    }
}

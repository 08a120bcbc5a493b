package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import gov.nist.javax.sip.message.SIPMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import org.junit.jupiter.api.Test;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipMessage;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.SipMessages;

class RelayHeadersTest {

    private static final String SDP = "v=0\r\no=alice 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
            + "t=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";

    /** Headers that name a hop, a host or software: never copied from one leg to the other. */
    private static final List<String> LEG_LOCAL = List.of("Via", "Route", "Record-Route", "Contact", "User-Agent",
            "Server", "P-Asserted-Identity", "X-Internal-Extension", "Organization", "Call-Info");

    private final FakeNetwork net = new FakeNetwork();
    private final SipFactory sip = new SipFactory(net.sockets());

    private static SipRequest incomingInvite() {
        return FakeNetwork.sipRequest(SipMessages.request("INVITE", "sip:bob@198.51.100.10")
                .add("Via", "SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bK-second")
                .add("Route", "<sip:198.51.100.10;lr>")
                .add("Record-Route", "<sip:proxy.caller.example;lr>")
                .add("Contact", "<sip:alice@192.168.1.20:5062>")
                .add("User-Agent", "Phone/1.2.3")
                .add("P-Asserted-Identity", "<sip:+4930123@caller.example>")
                .add("X-Internal-Extension", "42")
                .add("Organization", "Caller Inc")
                .add("Call-Info", "<http://caller.example/photo.png>;purpose=icon")
                .add("Supported", "timer")
                .add("Supported", "100rel")
                .add("Allow", "INVITE, ACK, BYE, CANCEL")
                .add("Session-Expires", "1800;refresher=uac")
                .add("Subject", "hello")
                .add("Content-Type", "application/sdp")
                .body(SDP).text());
    }

    private SipRequest fresh(String callId) {
        return sip.request("INVITE", sip.uri("bob", "10.0.0.2", 5060, Transport.UDP), callId, 1,
                NameAddress.of(sip.uri("alice", "10.0.0.10", 5060, Transport.UDP)), "ours",
                NameAddress.of(sip.uri("bob", "10.0.0.2", 5060, Transport.UDP)), null,
                sip.via(SipSide.INSIDE, Transport.UDP), 69);
    }

    /** The copy as the far peer would parse it off the wire. */
    private static SIPMessage onTheWire(SipMessage message) {
        return FakeNetwork.parse(message.encode("UDP"));
    }

    private static List<String> values(SIPMessage message, String name) {
        List<String> values = new ArrayList<>();
        ListIterator<?> headers = message.getHeaders(name);
        while (headers.hasNext()) {
            values.add(((gov.nist.javax.sip.header.SIPHeader) headers.next()).getHeaderValue().trim());
        }
        return values;
    }

    @Test
    void copiesTheAllowListedHeaders() {
        SipRequest copy = fresh("s0-new");

        RelayHeaders.copy(incomingInvite(), copy);

        SIPMessage wire = onTheWire(copy);
        assertEquals(List.of("timer", "100rel"), values(wire, "Supported"));
        assertEquals("INVITE,ACK,BYE,CANCEL", String.join(",", values(wire, "Allow")).replace(" ", ""));
        assertEquals(List.of("1800;refresher=uac"), values(wire, "Session-Expires"));
        assertEquals(List.of("hello"), values(wire, "Subject"));
    }

    @Test
    void neverCopiesLegLocalHeaders() {
        SipRequest copy = fresh("s0-new");
        String ours = copy.topViaBranch();

        RelayHeaders.copy(incomingInvite(), copy);

        SIPMessage wire = onTheWire(copy);
        assertEquals(1, wire.getViaHeaders().size());
        assertEquals(ours, wire.getTopmostVia().getBranch());
        assertEquals("s0-new", wire.getCallId().getCallId());
        assertEquals("ours", wire.getFrom().getTag());
        for (String name : LEG_LOCAL) {
            if (!name.equals("Via")) {
                assertEquals(List.of(), values(wire, name), name + " crossed legs");
            }
        }
        String text = new String(copy.encode("UDP"), StandardCharsets.UTF_8);
        for (String leak : List.of("192.0.2.50", "proxy.caller.example", "192.168.1.20", "Phone/1.2.3",
                "+4930123", "call-1@192.0.2.1", "from-1", "z9hG4bK-test-1")) {
            assertEquals(-1, text.indexOf(leak), () -> leak + " leaked into\n" + text);
        }
    }

    @Test
    void copiesTheBodyWithItsContentType() {
        SipRequest copy = fresh("s0-new");

        RelayHeaders.copy(incomingInvite(), copy);

        SIPMessage wire = onTheWire(copy);
        assertArrayEquals(SDP.getBytes(StandardCharsets.UTF_8), wire.getRawContent());
        assertEquals("application", wire.getContentTypeHeader().getContentType());
        assertEquals("sdp", wire.getContentTypeHeader().getContentSubType());
        assertEquals(SDP.length(), wire.getContentLength().getContentLength());
    }

    @Test
    void copiesNoBodyAndNoContentTypeWhenThereIsNone() {
        SipRequest bye = FakeNetwork.sipRequest(SipMessages.request("BYE", "sip:bob@198.51.100.10")
                .add("Reason", "Q.850;cause=16").text());
        SipRequest copy = fresh("s0-new");

        RelayHeaders.copy(bye, copy);

        SIPMessage wire = onTheWire(copy);
        assertNull(wire.getContentTypeHeader());
        assertEquals(0, wire.getContentLength().getContentLength());
        assertEquals(List.of("Q.850;cause=16"), values(wire, "Reason"));
    }

    @Test
    void copiesAuthenticationChallengesButNotServerFromResponses() {
        SipResponse challenge = FakeNetwork.sipResponse(SipMessages.response().startLine("SIP/2.0 401 Unauthorized")
                .add("Server", "PBX/9.9")
                .add("Contact", "<sip:pbx@10.0.0.2>")
                .add("Record-Route", "<sip:10.0.0.3;lr>")
                .add("WWW-Authenticate", "Digest realm=\"pbx\", nonce=\"abc\", algorithm=MD5")
                .text());
        SipRequest register = FakeNetwork.sipRequest(SipMessages.request("REGISTER", "sip:198.51.100.10").text());
        SipResponse relayed = register.response(401, "Unauthorized");

        RelayHeaders.copy(challenge, relayed);

        SIPMessage wire = onTheWire(relayed);
        assertEquals(1, values(wire, "WWW-Authenticate").size());
        assertEquals(List.of(), values(wire, "Server"));
        assertEquals(List.of(), values(wire, "Contact"));
        assertEquals(List.of(), values(wire, "Record-Route"));
        assertEquals(List.of(SipMessages.BRANCH), List.of(wire.getTopmostVia().getBranch()),
                "the response keeps the request's own Via");
    }
}

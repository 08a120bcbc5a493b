package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.sip.Peer;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.TestPeers;

/** The message type the rest of the SBC reads, over messages decoded by the production decoder. */
class SipMessageViewTest {

    private static final Peer SOURCE = TestPeers.udp("203.0.113.7", 40000);

    private static SipRequest request(SipMessages message) {
        return SipTesting.received(message, SOURCE).request();
    }

    @Test
    void readsTheTransactionHeaders() {
        SipRequest request = request(SipMessages.options());

        assertTrue(request.isRequest());
        assertEquals("OPTIONS", request.method());
        assertEquals("call-1@192.0.2.1", request.callId());
        assertEquals(1L, request.cseq());
        assertEquals("OPTIONS", request.cseqMethod());
        assertEquals("from-1", request.from().orElseThrow().tag());
        assertNull(request.to().orElseThrow().tag());
        assertEquals(70, request.maxForwards().getAsInt());
        ViaHop via = request.topVia().orElseThrow();
        assertEquals(SipMessages.BRANCH, via.branch().orElseThrow());
        assertEquals(5062, via.port());
        assertTrue(via.rport());
        assertTrue(request.hasMandatoryHeaders());
    }

    @Test
    void findsCompactHeadersUnderTheirFullNames() {
        SipRequest request = request(SipMessages.options()
                .without("From").add("f", "\"Jürgen\" <sip:j%C3%BCrgen@example.com>;tag=c-1")
                .without("Call-ID").add("i", "compact@192.0.2.1")
                .add("m", "<sip:alice@192.0.2.1:5062>").add("m", "<tel:+15551234567>"));

        assertEquals("compact@192.0.2.1", request.callId());
        NameAddress from = request.from().orElseThrow();
        assertEquals("Jürgen", from.displayName());
        assertEquals("j%C3%BCrgen", from.uri().orElseThrow().user());
        assertEquals("c-1", from.tag());
        List<NameAddress> contacts = request.contacts();
        assertEquals(2, contacts.size());
        assertEquals("alice", contacts.get(0).uri().orElseThrow().user());
        assertEquals("+15551234567", contacts.get(1).uri().orElseThrow().telNumber().orElseThrow());
        assertTrue(request.header("Contact").isPresent());
        assertEquals(2, request.headers("Contact").size());
    }

    @Test
    void readsDigestCredentialsUnquotedByLowerCaseName() {
        SipRequest request = request(SipMessages.request("REGISTER", "sip:127.0.0.1")
                .header("To", "<sip:alice@127.0.0.1>")
                .add("Authorization", "Digest USERNAME=\"alice\", realm=\"sbc\", nonce=\"n1\", uri=\"sip:127.0.0.1\","
                        + " response=\"0123456789abcdef0123456789abcdef\", qop=auth, nc=00000001, cnonce=\"c\""));

        Credentials credentials = request.credentials(false).get(0);
        assertEquals("Digest", credentials.scheme());
        assertEquals("alice", credentials.parameter("username"));
        assertEquals("sbc", credentials.parameter("Realm"));
        assertEquals("00000001", credentials.parameter("nc"));
        assertTrue(request.credentials(true).isEmpty());
    }

    @Test
    void comparesUrisAsSipDoes() {
        SipUri uri = SipUri.parse("sip:alice@EXAMPLE.com;transport=tcp;lr");

        assertTrue(uri.isSip());
        assertEquals("sip", uri.scheme());
        assertTrue(uri.sameAs("sip:alice@example.com;lr;transport=TCP"));
        assertFalse(uri.sameAs("sip:bob@example.com;transport=tcp;lr"));
        assertFalse(uri.sameAs("not a uri at all"));
        assertEquals("+15551234567", SipUri.parse("tel:+15551234567").telNumber().orElseThrow());
        assertFalse(SipUri.parse("tel:+15551234567").isSip());
        assertThrows(IllegalArgumentException.class, () -> SipUri.parse("sip:"));
    }

    @Test
    void buildsAnswersWithAddedHeadersThatGoOutAsUtf8() {
        SipRequest request = request(SipMessages.options().header("From", "\"Jürgen\" <sip:j@192.0.2.1>;tag=from-1"));
        SipResponse response = request.response(200, "OK");
        response.tagToIfAbsent("t-1");
        response.addHeader(new HeaderField("Supported", ""));
        response.addHeader(new HeaderField("Allow", "OPTIONS"));
        response.setHeader(new HeaderField("Server", "edge (our build) x/1"));

        String wire = new String(response.encode("UDP"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(wire.startsWith("SIP/2.0 200 OK\r\n"), wire);
        assertTrue(wire.contains("\"Jürgen\""), wire);
        assertTrue(wire.contains(";tag=t-1"), wire);
        assertTrue(wire.contains("\r\nSupported: \r\n") || wire.contains("\r\nSupported:\r\n"), wire);
        assertTrue(wire.contains("\r\nAllow: OPTIONS\r\n"), wire);
        assertTrue(wire.contains("\r\nServer: edge (our build) x/1\r\n"), wire);
    }

    @Test
    void refusesHeaderFieldsThatWouldSmuggleAnotherHeader() {
        assertThrows(IllegalArgumentException.class, () -> new HeaderField("Server", "x\r\nVia: evil"));
        assertThrows(IllegalArgumentException.class, () -> new HeaderField("Via: x", "y"));
    }
}

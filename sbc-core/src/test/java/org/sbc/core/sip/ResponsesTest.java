package org.sbc.core.sip;

import static org.junit.jupiter.api.Assertions.assertTrue;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.codec.JainTrees;
import org.sbc.core.codec.SipRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.Optional;
import javax.sip.header.ServerHeader;
import org.junit.jupiter.api.Test;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.TestPeers;

class ResponsesTest {

    private static final Peer SOURCE = TestPeers.udp("203.0.113.7", 40000);

    private final Responses responses = new Responses(Optional.empty());

    private static SipRequest request(SipMessages message) {
        return SipTesting.received(message, SOURCE).request();
    }

    private String toTag(Responses responses, SipMessages message) {
        return responses.create(request(message), 200, "OK").to().orElseThrow().tag();
    }

    @Test
    void echoesTheRequestsTransactionHeaders() {
        SIPResponse response = JainTrees.tree(responses.create(request(SipMessages.options()), 404, "Not Found"));

        assertEquals(404, response.getStatusCode());
        assertEquals("Not Found", response.getReasonPhrase());
        assertEquals("call-1@192.0.2.1", response.getCallId().getCallId());
        assertEquals("from-1", response.getFrom().getTag());
        assertEquals(1L, response.getCSeq().getSeqNumber());
        assertEquals("OPTIONS", response.getCSeq().getMethod());
        assertEquals(SipMessages.BRANCH, response.getTopmostVia().getBranch());
        assertEquals("203.0.113.7", response.getTopmostVia().getReceived());
    }

    @Test
    void addsToTagToFinalResponse() {
        assertNotNull(toTag(responses, SipMessages.options()));
    }

    @Test
    void givesRetransmittedRequestTheSameToTag() {
        assertEquals(toTag(responses, SipMessages.options()), toTag(responses, SipMessages.options()));
    }

    @Test
    void givesDifferentTransactionsDifferentToTags() {
        String tag = toTag(responses, SipMessages.options());

        assertNotEquals(tag, toTag(responses, SipMessages.options().header("Call-ID", "call-2@192.0.2.1")));
        assertNotEquals(tag, toTag(responses, SipMessages.options()
                .header("Via", "SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-test-2;rport")));
        assertNotEquals(tag, toTag(responses, SipMessages.options().header("From", "<sip:probe@192.0.2.1>;tag=from-2")));
    }

    @Test
    void saltsToTagsPerProcess() {
        assertNotEquals(toTag(responses, SipMessages.options()),
                toTag(new Responses(Optional.empty()), SipMessages.options()));
    }

    @Test
    void keepsExistingToTag() {
        SipMessages inDialog = SipMessages.options().header("To", "<sip:127.0.0.1>;tag=dialog-7");

        assertEquals("dialog-7", toTag(responses, inDialog));
    }

    @Test
    void addsNoToTagTo100Trying() {
        SipResponse trying = responses.create(request(SipMessages.request("INVITE", "sip:bob@192.0.2.50")), 100, "Trying");

        assertNull(trying.to().orElseThrow().tag());
    }

    @Test
    void addsNoServerHeaderUnlessConfigured() {
        assertTrue(responses.create(request(SipMessages.options()), 200, "OK").header("Server").isEmpty());
    }

    @Test
    void addsConfiguredServerHeader() {
        SIPResponse response = JainTrees.tree(new Responses(Optional.of("edge")).create(request(SipMessages.options()), 200, "OK"));

        assertEquals("Server: edge", response.getHeader(ServerHeader.NAME).toString().trim());
    }
}

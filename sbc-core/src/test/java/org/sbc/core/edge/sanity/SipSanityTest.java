package org.sbc.core.edge.sanity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.SipTesting.Sent;
import org.sbc.core.testing.TestPeers;

class SipSanityTest {

    private static final Peer SOURCE = TestPeers.udp("203.0.113.7", 40000);

    private final Counters counters = new Counters();
    private final EmbeddedChannel channel = new EmbeddedChannel(new SipSanity(SipTesting.edgeContext(counters)));

    private void assertPasses(SipMessages message) {
        ReceivedMessage received = SipTesting.received(message, SOURCE);
        assertTrue(channel.writeInbound(received));
        assertSame(received, channel.readInbound());
        assertNull(channel.readOutbound());
        assertFalse(channel.finish());
    }

    private Sent assertRejected(SipMessages message, int status, String reason) {
        assertFalse(channel.writeInbound(SipTesting.received(message, SOURCE)));
        Sent sent = Sent.readFrom(channel);
        assertEquals(status, sent.response().getStatusCode());
        assertEquals(reason, sent.response().getReasonPhrase());
        assertEquals(1, counters.get(Counter.SANITY_REJECTED));
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
        return sent;
    }

    private void assertDropped(SipMessages message) {
        assertFalse(channel.writeInbound(SipTesting.received(message, SOURCE)));
        assertNull(channel.readOutbound());
        assertEquals(1, counters.get(Counter.SANITY_DROPPED));
        assertEquals(0, counters.get(Counter.SANITY_REJECTED));
        assertFalse(channel.finish());
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPTIONS", "INVITE", "REGISTER", "BYE", "ACK"})
    void passesWellFormedRequest(String method) {
        assertPasses(SipMessages.request(method, "sip:bob@192.0.2.50"));
    }

    @Test
    void passesWellFormedResponse() {
        assertPasses(SipMessages.response());
    }

    @Test
    void rejectsBlankCallId() {
        assertRejected(SipMessages.options().header("Call-ID", " "), 400, "Bad Call-ID");
    }

    @Test
    void rejectsRequestWithoutMaxForwards() {
        assertRejected(SipMessages.options().without("Max-Forwards"), 400, "Missing Max-Forwards");
    }

    @Test
    void rejectsCSeqMethodThatDiffersFromRequestMethod() {
        Sent sent = assertRejected(SipMessages.options().header("CSeq", "1 INVITE"), 400, "CSeq Method Mismatch");

        assertEquals(SOURCE.remote(), sent.recipient());
    }

    @Test
    void rejectsInviteWithNoHopsLeft() {
        assertRejected(SipMessages.request("INVITE", "sip:bob@192.0.2.50").header("Max-Forwards", "0"),
                483, "Too Many Hops");
    }

    @Test
    void passesOptionsWithNoHopsLeftForTheOptionsStep() {
        assertPasses(SipMessages.options().requestUri("sip:bob@192.0.2.50").header("Max-Forwards", "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/", "mailto:bob@example.com", "urn:service:sos"})
    void rejectsUnsupportedRequestUriScheme(String uri) {
        assertRejected(SipMessages.options().requestUri(uri), 416, "Unsupported URI Scheme");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sips:bob@192.0.2.50", "tel:+15551234567"})
    void passesSipsAndTelRequestUri(String uri) {
        assertPasses(SipMessages.options().requestUri(uri));
    }

    @Test
    void rejectsRegisterWhoseAddressOfRecordIsNotASipUri() {
        // RFC 4475 §3.3.4 (unksm2).
        assertRejected(SipMessages.request("REGISTER", "sip:example.com").header("To", "isbn:2983792873"),
                400, "Bad Address-of-Record");
    }

    @Test
    void passesNonSipToOutsideRegister() {
        assertPasses(SipMessages.request("MESSAGE", "sip:bob@192.0.2.50").header("To", "<tel:+15551234567>"));
    }

    @Test
    void dropsAckThatFailsACheckWithoutAnswer() {
        assertDropped(SipMessages.request("ACK", "sip:bob@192.0.2.50").without("Max-Forwards"));
    }

    @Test
    void dropsAckWithNoHopsLeftWithoutAnswer() {
        assertDropped(SipMessages.request("ACK", "sip:bob@192.0.2.50").header("Max-Forwards", "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Call-ID", "Via", "From", "To", "CSeq"})
    void dropsResponseMissingMandatoryHeader(String header) {
        assertDropped(SipMessages.response().without(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Via", "Call-ID", "From", "To", "CSeq"})
    void dropsRequestMissingHeaderThatAnAnswerMustEcho(String header) {
        assertDropped(SipMessages.options().without(header));
    }
}

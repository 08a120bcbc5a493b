package org.sbc.core.edge.sanity;

import org.sbc.core.codec.SipRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPRequest;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.MalformedMessage;
import org.sbc.core.sip.MalformedMessage.Problem;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.SipTesting.Sent;
import org.sbc.core.testing.TestPeers;

class MalformedMessageResponderTest {

    private static final Peer SOURCE = TestPeers.udp("203.0.113.7", 40000);

    private final Counters counters = new Counters();
    private final EmbeddedChannel channel =
            new EmbeddedChannel(new MalformedMessageResponder(SipTesting.edgeContext(counters)));

    @Test
    void answersAnswerableMalformedRequestWith400AndProblemAsReason() {
        MalformedMessage malformed = SipTesting.malformed(SipMessages.options().add("Contact", "<<<<"), SOURCE);

        assertFalse(channel.writeInbound(malformed));

        Sent sent = Sent.readFrom(channel);
        assertEquals(400, sent.response().getStatusCode());
        assertEquals("Malformed Header Value", sent.response().getReasonPhrase());
        assertEquals("call-1@192.0.2.1", sent.response().getCallId().getCallId());
        assertEquals(SOURCE.remote(), sent.recipient());
        assertEquals(1, counters.get(Counter.MALFORMED_ANSWERED));
        assertEquals(1, counters.get(Counter.RESPONSES_SENT));
        assertFalse(channel.finish());
    }

    @Test
    void namesTheContentLengthProblemInTheReason() {
        SipMessages message = SipMessages.options().body("hello").header("Content-Length", "50");

        channel.writeInbound(SipTesting.malformed(message, SOURCE));

        assertEquals("Content-Length Mismatch", Sent.readFrom(channel).response().getReasonPhrase());
    }

    @Test
    void answersOversizeRequestWith513() {
        SipRequest request = SipTesting.received(SipMessages.options(), SOURCE).request();

        channel.writeInbound(new MalformedMessage(Problem.TOO_LARGE, Optional.of(request), SOURCE));

        Sent sent = Sent.readFrom(channel);
        assertEquals(513, sent.response().getStatusCode());
        assertEquals("Message Too Large", sent.response().getReasonPhrase());
    }

    @Test
    void answersFromTheRawLinesWhenTheParserCouldNotReadTheRequestUri() {
        // RFC 4475 §3.1.2.7 (ltgtruri): JAIN-SIP yields no request, the raw lines are all there.
        SipMessages ltgtruri = SipMessages.options().startLine("INVITE <sip:user@example.com> SIP/2.0")
                .header("CSeq", "1 INVITE").header("Via", "SIP/2.0/UDP 192.0.2.5:5070;branch=z9hG4bK-raw");
        MalformedMessage malformed = SipTesting.malformed(ltgtruri, SOURCE);
        assertTrue(malformed.answerable().isEmpty() && malformed.rawAnswer().isPresent());

        assertFalse(channel.writeInbound(malformed));

        Sent sent = Sent.readFrom(channel);
        assertEquals(400, sent.response().getStatusCode());
        assertEquals("Bad Request", sent.response().getReasonPhrase());
        assertEquals("z9hG4bK-raw", sent.response().getTopmostVia().getBranch());
        assertEquals("call-1@192.0.2.1", sent.response().getCallId().getCallId());
        assertEquals(new InetSocketAddress(SOURCE.remote().getAddress(), 5070), sent.recipient(), "the Via port, no rport");
        assertEquals(1, counters.get(Counter.MALFORMED_ANSWERED));
        assertEquals(1, counters.get(Counter.RESPONSES_SENT));
        assertFalse(channel.finish());
    }

    @Test
    void answersFromTheRawLinesOnTheConnectionOverTcp() {
        Peer tcp = TestPeers.tcp("203.0.113.7", 40001);
        SipMessages ltgtruri = SipMessages.options().startLine("OPTIONS <sip:user@example.com> SIP/2.0");

        channel.writeInbound(SipTesting.malformed(ltgtruri, tcp));

        Sent sent = Sent.readFrom(channel);
        assertEquals(400, sent.response().getStatusCode());
        assertNull(sent.recipient(), "written to the connection, not addressed");
    }

    @Test
    void dropsUnanswerableMessageSilently() {
        MalformedMessage malformed = SipTesting.malformed(SipMessages.options().startLine("HELLO THERE"), SOURCE);

        assertFalse(channel.writeInbound(malformed));

        assertNull(channel.readOutbound());
        assertEquals(1, counters.get(Counter.MALFORMED_DROPPED));
        assertEquals(0, counters.get(Counter.MALFORMED_ANSWERED));
        assertEquals(0, counters.get(Counter.RESPONSES_SENT));
        assertFalse(channel.finish());
    }

    @Test
    void neverAnswersMalformedAck() {
        SipMessages ack = SipMessages.request("ACK", "sip:127.0.0.1").add("Contact", "<<<<");

        channel.writeInbound(SipTesting.malformed(ack, SOURCE));

        assertNull(channel.readOutbound());
        assertEquals(1, counters.get(Counter.MALFORMED_DROPPED));
    }

    @Test
    void neverPassesMalformedMessageOn() {
        channel.writeInbound(SipTesting.malformed(SipMessages.options().add("Contact", "<<<<"), SOURCE));

        assertNull(channel.readInbound());
        Sent.readFrom(channel);
    }

    @Test
    void passesWellFormedMessageOnUntouched() {
        ReceivedMessage received = SipTesting.received(SipMessages.options(), SOURCE);

        assertTrue(channel.writeInbound(received));

        assertSame(received, channel.readInbound());
        assertNull(channel.readOutbound());
        assertEquals(0, counters.get(Counter.MALFORMED_DROPPED) + counters.get(Counter.MALFORMED_ANSWERED));
        assertFalse(channel.finish());
    }
}

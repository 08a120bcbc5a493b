package org.sbc.core.edge.pressure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.RetryAfter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.SipSide;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.SipTesting.Sent;
import org.sbc.core.testing.TestPeers;

class PreParseSheddingTest {

    private static final Peer STRANGER = TestPeers.udp("203.0.113.7", 40000);

    private final Counters counters = new Counters();
    /** What the judge was asked: the source, and whether the request opens a dialog. */
    private final List<String> asked = new ArrayList<>();
    private boolean shedding = true;
    private final EmbeddedChannel channel = new EmbeddedChannel(new PreParseShedding(SipTesting.edgeContext(counters),
            (InetAddress source, boolean opensDialog) -> {
                asked.add(source.getHostAddress() + (opensDialog ? " opens" : " registers"));
                return shedding;
            }));

    @Test
    void refusesAFirstSeenInviteUnderPressureWith503FromItsRawLines() {
        assertFalse(channel.writeInbound(frame(invite(), STRANGER)), "nothing goes on to the decoder");

        Sent sent = Sent.readFrom(channel);
        assertEquals(503, sent.response().getStatusCode());
        assertEquals("Service Unavailable", sent.response().getReasonPhrase());
        assertEquals("call-1@192.0.2.1", sent.response().getCallId().getCallId());
        assertEquals("z9hG4bK-flood", sent.response().getTopmostVia().getBranch());
        assertNotNull(sent.response().getTo().getTag(), "RFC 3261 §8.2.6.2: a To-tag on the answer");
        int retryAfter = ((RetryAfter) sent.response().getHeader("Retry-After")).getRetryAfter();
        assertTrue(retryAfter >= 10 && retryAfter <= 30, "Retry-After " + retryAfter);
        assertEquals(new InetSocketAddress(STRANGER.remote().getAddress(), 40000), sent.recipient(), "rport");
        assertEquals(List.of("203.0.113.7 opens"), asked);
        assertEquals(1, counters.get(Counter.NEW_WORK_SHED_BEFORE_PARSE));
        assertEquals(1, counters.get(Counter.RESPONSES_SENT));
        assertFalse(channel.finish());
    }

    @Test
    void aRetransmissionGetsTheSameTag() {
        channel.writeInbound(frame(invite(), STRANGER));
        channel.writeInbound(frame(invite(), STRANGER));

        assertEquals(Sent.readFrom(channel).response().getTo().getTag(), Sent.readFrom(channel).response().getTo().getTag());
    }

    @Test
    void aRegisterIsNewWorkThatOpensNoDialog() {
        channel.writeInbound(frame(SipMessages.request("REGISTER", "sip:192.0.2.10").bytes(), STRANGER));

        assertEquals(503, Sent.readFrom(channel).response().getStatusCode());
        assertEquals(List.of("203.0.113.7 registers"), asked);
    }

    @Test
    void passesWhatTheJudgeAdmitsUnchanged() {
        shedding = false;
        SipFrame frame = frame(invite(), STRANGER);

        assertTrue(channel.writeInbound(frame));

        assertSame(frame, channel.readInbound());
        assertNull(channel.readOutbound());
        assertEquals(0, counters.get(Counter.NEW_WORK_SHED_BEFORE_PARSE));
    }

    @Test
    void passesRequestsInsideADialogAndOtherMethodsWithoutAskingTheJudge() {
        List<byte[]> others = List.of(
                SipMessages.request("INVITE", "sip:100@192.0.2.10").header("To", "<sip:100@192.0.2.10>;tag=abc").bytes(),
                SipMessages.request("INVITE", "sip:100@192.0.2.10").header("t", "<sip:100@192.0.2.10> ;TAG=abc").bytes(),
                SipMessages.request("BYE", "sip:100@192.0.2.10").bytes(),
                SipMessages.options().bytes(),
                SipMessages.request("ACK", "sip:100@192.0.2.10").bytes(),
                SipMessages.response().bytes());
        for (byte[] other : others) {
            assertTrue(channel.writeInbound(frame(other, STRANGER)));
            assertNotNull(channel.readInbound());
        }
        assertEquals(List.of(), asked);
        assertNull(channel.readOutbound());
    }

    @Test
    void leavesARequestItCannotAnswerToTheDecoder() {
        SipFrame noCSeq = frame(SipMessages.request("INVITE", "sip:100@192.0.2.10").without("CSeq").bytes(), STRANGER);

        assertTrue(channel.writeInbound(noCSeq));

        assertSame(noCSeq, channel.readInbound());
        assertNull(channel.readOutbound());
        assertEquals(0, counters.get(Counter.NEW_WORK_SHED_BEFORE_PARSE));
    }

    @Test
    void neverShedsOnTheInside() {
        channel.attr(SipSide.KEY).set(SipSide.INSIDE);

        assertTrue(channel.writeInbound(frame(invite(), STRANGER)));

        assertNotNull(channel.readInbound());
        assertEquals(List.of(), asked);
    }

    @Test
    void answersOnTheConnectionOverTcp() {
        channel.writeInbound(frame(invite(), TestPeers.tcp("203.0.113.7", 40001)));

        Sent sent = Sent.readFrom(channel);
        assertEquals(503, sent.response().getStatusCode());
        assertNull(sent.recipient(), "written to the connection, not addressed");
    }

    private static byte[] invite() {
        return SipMessages.request("INVITE", "sip:100@192.0.2.10")
                .header("Via", "SIP/2.0/UDP 203.0.113.7:5060;branch=z9hG4bK-flood;rport").bytes();
    }

    private static SipFrame frame(byte[] bytes, Peer peer) {
        return new SipFrame(bytes, peer);
    }
}

package org.sbc.core.edge;

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
import org.sbc.core.sip.MalformedMessage;
import org.sbc.core.sip.Peer;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.SipTesting.Sent;
import org.sbc.core.testing.TestPeers;

class UnhandledRequestResponderTest {

    private static final Peer SOURCE = TestPeers.udp("203.0.113.7", 40000);

    private final Counters counters = new Counters();
    private final EmbeddedChannel channel =
            new EmbeddedChannel(new UnhandledRequestResponder(SipTesting.edgeContext(counters)));

    @ParameterizedTest
    @ValueSource(strings = {"INVITE", "REGISTER", "OPTIONS", "SUBSCRIBE"})
    void answersRequestNoStepHandledWith501(String method) {
        assertFalse(channel.writeInbound(SipTesting.received(SipMessages.request(method, "sip:bob@192.0.2.50"), SOURCE)));

        Sent sent = Sent.readFrom(channel);
        assertEquals(501, sent.response().getStatusCode());
        assertEquals(method, sent.response().getCSeq().getMethod());
        assertEquals(SOURCE.remote(), sent.recipient());
        assertEquals(1, counters.get(Counter.UNHANDLED_ANSWERED));
        assertFalse(channel.finish());
    }

    @Test
    void dropsUnexpectedAck() {
        assertFalse(channel.writeInbound(SipTesting.received(SipMessages.request("ACK", "sip:bob@192.0.2.50"), SOURCE)));

        assertNull(channel.readOutbound());
        assertEquals(1, counters.get(Counter.UNHANDLED_DROPPED));
        assertEquals(0, counters.get(Counter.UNHANDLED_ANSWERED));
        assertFalse(channel.finish());
    }

    @Test
    void dropsUnexpectedResponse() {
        assertFalse(channel.writeInbound(SipTesting.received(SipMessages.response(), SOURCE)));

        assertNull(channel.readOutbound());
        assertEquals(1, counters.get(Counter.UNHANDLED_DROPPED));
        assertFalse(channel.finish());
    }

    @Test
    void passesAnythingButReceivedMessageThrough() {
        MalformedMessage malformed = SipTesting.malformed(SipMessages.options().startLine("HELLO THERE"), SOURCE);

        assertTrue(channel.writeInbound(malformed));

        assertSame(malformed, channel.readInbound());
        assertNull(channel.readOutbound());
        assertFalse(channel.finish());
    }
}

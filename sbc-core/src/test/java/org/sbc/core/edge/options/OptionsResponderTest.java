package org.sbc.core.edge.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Optional;
import javax.sip.header.AcceptHeader;
import javax.sip.header.AllowHeader;
import javax.sip.header.ServerHeader;
import javax.sip.header.SupportedHeader;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.EdgeContext;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.Responses;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.SipTesting.Sent;
import org.sbc.core.testing.TestPeers;

class OptionsResponderTest {

    private static final Peer SOURCE = TestPeers.udp("203.0.113.7", 40000);

    private final Counters counters = new Counters();

    private EmbeddedChannel channel(Optional<String> serverHeader, List<String> aliases) {
        SbcConfig config = SipTesting.config(serverHeader, aliases);
        EdgeContext context = EdgeContext.of(new Responses(serverHeader), counters);
        return new EmbeddedChannel(new OptionsResponder(context, new SelfAddresses(config)));
    }

    private EmbeddedChannel channel() {
        return channel(Optional.empty(), List.of());
    }

    private SIPResponse answer(EmbeddedChannel channel, SipMessages message) {
        assertFalse(channel.writeInbound(SipTesting.received(message, SOURCE)));
        Sent sent = Sent.readFrom(channel);
        assertEquals(SOURCE.remote(), sent.recipient());
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
        return sent.response();
    }

    private void assertPassesOn(EmbeddedChannel channel, SipMessages message) {
        ReceivedMessage received = SipTesting.received(message, SOURCE);
        assertTrue(channel.writeInbound(received));
        assertSame(received, channel.readInbound());
        assertNull(channel.readOutbound());
        assertEquals(0, counters.get(Counter.OPTIONS_ANSWERED));
        assertFalse(channel.finish());
    }

    @Test
    void answersOptionsToListenAddressWith200AndCapabilities() {
        SIPResponse response = answer(channel(), SipMessages.options());

        assertEquals(200, response.getStatusCode());
        assertEquals("OPTIONS", ((AllowHeader) response.getHeader(AllowHeader.NAME)).getMethod());
        AcceptHeader accept = (AcceptHeader) response.getHeader(AcceptHeader.NAME);
        assertEquals("application/sdp", accept.getContentType() + "/" + accept.getContentSubType());
        assertNotNull(response.getHeader(SupportedHeader.NAME));
        assertNotNull(response.getTo().getTag());
        assertNull(response.getHeader(ServerHeader.NAME), "no Server header unless configured");
        assertEquals(1, counters.get(Counter.OPTIONS_ANSWERED));
        assertEquals(1, counters.get(Counter.RESPONSES_SENT));
    }

    @Test
    void answersWithConfiguredServerHeader() {
        SIPResponse response = answer(channel(Optional.of("edge"), List.of()), SipMessages.options());

        assertEquals("edge", ((ServerHeader) response.getHeader(ServerHeader.NAME)).getProduct().next());
    }

    @Test
    void answersOptionsToListenAddressWithoutPort() {
        assertEquals(200, answer(channel(), SipMessages.options().requestUri("sip:127.0.0.1")).getStatusCode());
    }

    @Test
    void passesOnOptionsWithUserPart() {
        assertPassesOn(channel(), SipMessages.options().requestUri("sip:alice@127.0.0.1"));
    }

    @Test
    void passesOnOptionsToAnotherHost() {
        assertPassesOn(channel(), SipMessages.options().requestUri("sip:198.51.100.9"));
    }

    @Test
    void passesOnOptionsToOurAddressOnAPortWeDoNotListenOn() {
        assertPassesOn(channel(), SipMessages.options().requestUri("sip:127.0.0.1:5999"));
    }

    @Test
    void answersOptionsToConfiguredAlias() {
        EmbeddedChannel channel = channel(Optional.empty(), List.of("sbc.example.com"));

        assertEquals(200, answer(channel, SipMessages.options().requestUri("sip:SBC.example.com")).getStatusCode());
    }

    @Test
    void passesOnOptionsToUnconfiguredName() {
        assertPassesOn(channel(), SipMessages.options().requestUri("sip:sbc.example.com"));
    }

    @Test
    void answersOptionsWithNoHopsLeftToAnotherHost() {
        SipMessages probe = SipMessages.options().requestUri("sip:bob@198.51.100.9").header("Max-Forwards", "0");

        assertEquals(200, answer(channel(), probe).getStatusCode());
    }

    @Test
    void passesOnOtherMethodsToOurAddress() {
        assertPassesOn(channel(), SipMessages.request("INVITE", "sip:127.0.0.1:5060"));
    }

    @Test
    void passesOnResponses() {
        assertPassesOn(channel(), SipMessages.response());
    }
}

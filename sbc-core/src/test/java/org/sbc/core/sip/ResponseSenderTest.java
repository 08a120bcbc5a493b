package org.sbc.core.sip;

import org.sbc.core.codec.SipResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.SipTesting.Sent;
import org.sbc.core.testing.TestPeers;

class ResponseSenderTest {

    private static final Peer UDP_SOURCE = TestPeers.udp("203.0.113.7", 40000);

    private final Counters counters = new Counters();
    private final ResponseSender sender = new ResponseSender(counters);
    private final Responses responses = new Responses(Optional.empty());
    private final EmbeddedChannel channel = new EmbeddedChannel();

    /** Sends a 200 to {@code request} as decoded from {@code peer}; returns where it went. */
    private Sent answer(SipMessages request, Peer peer) {
        SipResponse response = responses.create(SipTesting.received(request, peer).request(), 200, "OK");
        sender.send(channel, peer, response);
        Sent sent = Sent.readFrom(channel);
        assertNull(channel.readOutbound());
        assertFalse(channel.finish());
        return sent;
    }

    private static SipMessages viaOf(String via) {
        return SipMessages.options().header("Via", via);
    }

    @Test
    void sendsUdpResponseToSourceIpAndPortWhenRequestHadRport() {
        Sent sent = answer(viaOf("SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-1;rport"), UDP_SOURCE);

        assertEquals(TestPeers.address("203.0.113.7", 40000), sent.recipient());
        assertEquals(200, sent.response().getStatusCode());
        assertEquals(1, counters.get(Counter.RESPONSES_SENT));
    }

    @Test
    void sendsUdpResponseToSourceIpAndViaPortWithoutRport() {
        Sent sent = answer(viaOf("SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-1"), UDP_SOURCE);

        assertEquals(TestPeers.address("203.0.113.7", 5062), sent.recipient());
    }

    @Test
    void sendsUdpResponseToPort5060WhenViaHasNoPortAndNoRport() {
        Sent sent = answer(viaOf("SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-1"), UDP_SOURCE);

        assertEquals(TestPeers.address("203.0.113.7", 5060), sent.recipient());
    }

    @Test
    void neverSendsToViaMaddr() {
        Sent sent = answer(viaOf("SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-1;maddr=198.51.100.66"), UDP_SOURCE);

        assertEquals(TestPeers.address("203.0.113.7", 5062), sent.recipient());
    }

    @Test
    void neverSendsToViaReceivedTheSenderWroteItself() {
        Sent sent = answer(viaOf("SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-1;received=198.51.100.66;rport"),
                UDP_SOURCE);

        assertEquals(TestPeers.address("203.0.113.7", 40000), sent.recipient());
    }

    @Test
    void writesTcpResponseAsBytesOnTheSameChannel() {
        Sent sent = answer(SipMessages.options().header("Via", "SIP/2.0/TCP 192.0.2.1:5062;branch=z9hG4bK-1"),
                TestPeers.tcp("203.0.113.7", 40000));

        assertNull(sent.recipient(), "a stream response is a ByteBuf, not a datagram");
        assertEquals(200, sent.response().getStatusCode());
        assertEquals(1, counters.get(Counter.RESPONSES_SENT));
    }

    @Test
    void countsResponseThatCouldNotBeSent() {
        SipResponse response = responses.create(SipTesting.received(SipMessages.options(), UDP_SOURCE).request(), 200, "OK");
        channel.close();

        sender.send(channel, UDP_SOURCE, response);
        channel.runPendingTasks();

        assertEquals(1, counters.get(Counter.SEND_FAILURES));
    }

    @Test
    void computesDestinationWithoutSending() {
        SipResponse response = responses.create(
                SipTesting.received(viaOf("SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-1"), UDP_SOURCE).request(), 200, "OK");

        assertEquals(new InetSocketAddress(UDP_SOURCE.remote().getAddress(), 5070),
                ResponseSender.destination(UDP_SOURCE, response));
    }
}

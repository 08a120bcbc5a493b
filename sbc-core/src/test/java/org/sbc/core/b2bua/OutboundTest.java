package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.sbc.core.codec.SipRequest;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.SipMessages;

class OutboundTest {

    private static final InetSocketAddress PHONE = FakeNetwork.address("192.0.2.1", 5062);
    private static final InetSocketAddress PBX = FakeNetwork.address("10.0.0.2", 5060);

    private final FakeNetwork net = new FakeNetwork();
    private final List<InetSocketAddress> connects = new ArrayList<>();

    private static SipRequest options() {
        return FakeNetwork.sipRequest(SipMessages.options().text());
    }

    @Test
    void sendsUdpFromTheSidesOwnSocketToTheTarget() {
        net.outbound().send(FakeNetwork.udp(SipSide.INSIDE, PBX), options());
        FakeNetwork.Sent inside = net.takeOne();
        net.outbound().send(FakeNetwork.udp(SipSide.OUTSIDE, PHONE), options());
        FakeNetwork.Sent outside = net.takeOne();

        assertEquals(List.of(SipSide.INSIDE, Transport.UDP, PBX),
                List.of(inside.side(), inside.transport(), inside.recipient()));
        assertEquals(List.of(SipSide.OUTSIDE, Transport.UDP, PHONE),
                List.of(outside.side(), outside.transport(), outside.recipient()));
        assertEquals(0, net.counters().get(Counter.SEND_FAILURES));
    }

    @Test
    void countsASendFailureWhenTheSideHasNoUdpSocket() {
        Counters counters = new Counters();
        Outbound outbound = new Outbound(new SideSockets(), counters);

        outbound.send(FakeNetwork.udp(SipSide.OUTSIDE, PHONE), options());

        assertEquals(1, counters.get(Counter.SEND_FAILURES));
    }

    @Test
    void writesTcpOnTheGivenConnection() {
        EmbeddedChannel connection = net.tcpConnection(SipSide.OUTSIDE);

        net.outbound().send(FakeNetwork.tcp(SipSide.OUTSIDE, PHONE, connection), options());

        FakeNetwork.Sent sent = net.takeOne();
        assertSame(connection, sent.channel());
        assertEquals("OPTIONS", sent.request().getMethod());
        assertEquals("TCP", sent.request().getTopmostVia().getTransport().toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void opensOneConnectionFromTheSideAndReusesItUntilItCloses() {
        EmbeddedChannel connection = net.tcpConnection(SipSide.INSIDE);
        net.sockets().connector((side, address) -> {
            connects.add(address);
            return connection.newSucceededFuture();
        });
        Target pbx = Target.of(SipSide.INSIDE, Transport.TCP, PBX);

        net.outbound().send(pbx, options());
        net.outbound().send(pbx, options());

        assertEquals(List.of(PBX), connects);
        assertEquals(2, net.takeSent().stream().filter(s -> s.channel() == connection).count());
        assertEquals(1, net.outbound().openConnections());

        connection.close();

        assertEquals(0, net.outbound().openConnections(), "a closed connection is forgotten");
    }

    @Test
    void fallsBackToAConnectionOfItsOwnWhenTheGivenOneClosed() {
        EmbeddedChannel closed = net.tcpConnection(SipSide.OUTSIDE);
        closed.close();
        EmbeddedChannel fresh = net.tcpConnection(SipSide.OUTSIDE);
        net.sockets().connector((side, address) -> {
            connects.add(address);
            return fresh.newSucceededFuture();
        });

        net.outbound().send(FakeNetwork.tcp(SipSide.OUTSIDE, PHONE, closed), options());

        assertEquals(List.of(PHONE), connects);
        assertSame(fresh, net.takeOne().channel());
    }

    @Test
    void countsASendFailureAndForgetsTheConnectionWhenConnectFails() {
        EmbeddedChannel failing = new EmbeddedChannel();
        net.sockets().connector((side, address) -> failing.newFailedFuture(new IOException("refused")));

        net.outbound().send(Target.of(SipSide.INSIDE, Transport.TCP, PBX), options());

        assertEquals(1, net.counters().get(Counter.SEND_FAILURES));
        assertEquals(0, net.outbound().openConnections());
        assertNull(failing.readOutbound());
    }
    @Test
    void aConnectThatFailsAtOnceIsASendFailureNotAnException() {
        // Connecting to a closed port on this host is refused inside connect(): the channel is
        // closed before the future is returned, so its close listener runs at once.
        EmbeddedChannel refused = new EmbeddedChannel();
        net.sockets().connector((side, address) -> {
            refused.close();
            return refused.newFailedFuture(new IOException("refused"));
        });

        net.outbound().send(Target.of(SipSide.INSIDE, Transport.TCP, PBX), options());
        net.outbound().send(Target.of(SipSide.INSIDE, Transport.TCP, PBX), options());

        assertEquals(2, net.counters().get(Counter.SEND_FAILURES));
        assertEquals(0, net.outbound().openConnections());
    }
}

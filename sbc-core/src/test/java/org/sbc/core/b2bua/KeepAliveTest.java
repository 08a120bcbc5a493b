package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.FakeNetwork.Sent;
import org.sbc.core.b2bua.registration.Binding;
import org.sbc.core.codec.SipUri;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.SipSide;

class KeepAliveTest {

    private final ShardHarness h = new ShardHarness();
    private final FakeNetwork net = h.net;

    private void bind(String token, Target flow) {
        h.bindings.put(new Binding(token, "alice@example.com", "alice", SipUri.parse("sip:alice@192.168.1.20:5062"),
                flow, System.currentTimeMillis() + 3_600_000));
    }

    private List<Sent> firstPings() {
        return net.takeSent(s -> s.isRequest("OPTIONS") && s.request().getCSeq().getSeqNumber() == 1)
                .stream().filter(s -> s.atMillis() % 30_000 == 0).toList();
    }

    @Test
    void pingsPhonesRegisteredOverUdpEveryInterval() {
        bind("udp-phone", FakeNetwork.udp(SipSide.OUTSIDE, ShardHarness.PHONE));
        bind("tcp-phone", FakeNetwork.tcp(SipSide.OUTSIDE, FakeNetwork.address("192.0.2.2", 5062),
                net.tcpConnection(SipSide.OUTSIDE)));
        KeepAlive keepAlive = new KeepAlive(h.shard, 30);

        net.advance(29_999);
        assertEquals(List.of(), net.takeSent());
        net.advance(30_001);

        List<Sent> pings = firstPings();
        assertEquals(List.of(30_000L, 60_000L), pings.stream().map(Sent::atMillis).toList());
        for (Sent ping : pings) {
            assertEquals(ShardHarness.PHONE, ping.recipient());
            assertEquals("sip:alice@192.168.1.20:5062", ping.request().getRequestURI().toString());
            assertEquals(SipSide.OUTSIDE, ping.side());
        }
        assertEquals(2, net.counters().get(Counter.KEEPALIVES_SENT), "only the UDP phone is pinged");

        keepAlive.stop();
        net.advance(60_000);
        assertEquals(List.of(), firstPings());
    }

    @Test
    void sendsNothingWhenTurnedOff() {
        bind("udp-phone", FakeNetwork.udp(SipSide.OUTSIDE, ShardHarness.PHONE));
        new KeepAlive(h.shard, 0);

        net.advance(120_000);

        assertEquals(List.of(), net.takeSent());
    }
}

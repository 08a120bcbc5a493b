package org.sbc.core.b2bua.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gov.nist.javax.sip.header.Route;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.FakeNetwork;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipMessage;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.sip.SipSide;
import org.sbc.core.testing.SipMessages;

class LegTest {

    private final Leg leg = new Leg(SipSide.OUTSIDE,
            FakeNetwork.udp(SipSide.OUTSIDE, FakeNetwork.address("192.0.2.1", 5062)), "call-1", null, "ours", null,
            null, 0);

    private static SipMessage withRecordRoutes() {
        return FakeNetwork.sipRequest(SipMessages.request("INVITE", "sip:bob@198.51.100.10")
                .add("Record-Route", "<sip:first.example;lr>")
                .add("Record-Route", "<sip:second.example;lr>").text());
    }

    private static List<String> hosts(List<NameAddress> routes) {
        return routes.stream().map(r -> r.uri().orElseThrow().host()).toList();
    }

    /** The hosts of the Route headers of a request sent with {@code routeSet}, as the next hop parses them. */
    private static List<String> routeHostsOnTheWire(List<NameAddress> routeSet) {
        SipRequest request = FakeNetwork.sipRequest(SipMessages.options().text());
        request.setRoutes(routeSet);
        SIPRequest wire = (SIPRequest) FakeNetwork.parse(request.encode("UDP"));
        List<String> hosts = new ArrayList<>();
        for (Object route : wire.getRouteHeaders()) {
            hosts.add(((javax.sip.address.SipURI) ((Route) route).getAddress().getURI()).getHost());
        }
        return hosts;
    }

    @Test
    void keepsTheRecordRouteOrderWhenWeAreTheUas() {
        leg.routeSetFrom(withRecordRoutes(), false);

        assertEquals(List.of("first.example", "second.example"), hosts(leg.routeSet()));
    }

    @Test
    void reversesTheRecordRouteOrderWhenWeAreTheUac() {
        leg.routeSetFrom(withRecordRoutes(), true);

        assertEquals(List.of("second.example", "first.example"), hosts(leg.routeSet()));
        assertEquals(List.of("second.example", "first.example"), routeHostsOnTheWire(leg.routeSet()));
    }

    @Test
    void hasAnEmptyRouteSetWithoutRecordRoute() {
        leg.routeSetFrom(withRecordRoutes(), false);

        leg.routeSetFrom(FakeNetwork.sipRequest(SipMessages.options().text()), false);

        assertEquals(List.of(), leg.routeSet());
    }

    @Test
    void countsItsOwnCseqUpFromTheFirst() {
        Leg b = new Leg(SipSide.INSIDE, FakeNetwork.udp(SipSide.INSIDE, FakeNetwork.address("10.0.0.2", 5060)),
                "s0-x", null, "t", null, null, 41);

        assertEquals(42, b.nextCseq());
        assertEquals(43, b.nextCseq());
        assertEquals(43, b.localCseq());
    }

    private static Leg insideLegAt(long cseq) {
        return new Leg(SipSide.INSIDE, FakeNetwork.udp(SipSide.INSIDE, FakeNetwork.address("10.0.0.2", 5060)),
                "s0-x", null, "t", null, null, cseq);
    }

    @Test
    void mirrorsTheRelayedCseqWhenItIsAhead() {
        Leg b = insideLegAt(5);

        assertEquals(20, b.cseqFor(20));
        assertEquals(20, b.localCseq());
    }

    @Test
    void countsOnFromItsOwnCseqWhenTheRelayedOneIsBehind() {
        Leg b = insideLegAt(30);

        assertEquals(31, b.cseqFor(3));
        assertEquals(31, b.localCseq());
    }

    @Test
    void countsOnWhenTheRelayedCseqEqualsItsOwn() {
        Leg b = insideLegAt(7);

        assertEquals(8, b.cseqFor(7));
    }

    @Test
    void neverSendsTheSameCseqTwiceWhenTheRelayedOnesRepeat() {
        Leg b = insideLegAt(0);

        assertEquals(10, b.cseqFor(10));
        assertEquals(11, b.cseqFor(10));
        assertEquals(12, b.cseqFor(11));
        assertEquals(13, b.nextCseq());
        assertEquals(40, b.cseqFor(40));
    }
}

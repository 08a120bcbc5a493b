package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.sbc.core.codec.ContactEntry;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipUri;
import org.sbc.core.codec.ViaHop;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

class SipFactoryTest {

    private static final int DRAWS = 10_000;

    private final FakeNetwork net = new FakeNetwork();
    private final SipFactory sip = new SipFactory(net.sockets());

    private static Set<String> draw(Supplier<String> next) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < DRAWS; i++) {
            seen.add(next.get());
        }
        return seen;
    }

    @Test
    void tagsAreDistinctAndAlphanumeric() {
        Set<String> tags = draw(sip::tag);

        assertEquals(DRAWS, tags.size());
        assertTrue(tags.stream().allMatch(t -> t.matches("[a-z0-9]{12}")));
    }

    @Test
    void branchesAreDistinctAndCarryTheMagicCookie() {
        Set<String> branches = draw(sip::branch);

        assertEquals(DRAWS, branches.size());
        assertTrue(branches.stream().allMatch(b -> b.matches("z9hG4bK[a-z0-9]{16}")), "RFC 3261 §8.1.1.7");
    }

    @Test
    void callIdsNameTheirShardAndAreDistinct() {
        Set<String> ids = draw(() -> sip.callId(3));

        assertEquals(DRAWS, ids.size());
        assertTrue(ids.stream().allMatch(id -> id.matches("s3-[a-z0-9]{20}")));
        assertTrue(sip.callId(12).startsWith("s12-"));
    }

    /** {@code via} as the top Via of a request that left the SBC with it. */
    private Via onTheWire(ViaHop via) {
        SipUri target = sip.uri("bob", "10.0.0.2", 5060, Transport.UDP);
        SipRequest request = sip.request("OPTIONS", target, "s0-via", 1, NameAddress.of(target), "t",
                NameAddress.of(target), null, via, 70);
        return ((SIPRequest) FakeNetwork.parse(request.encode(via.transport()))).getTopmostVia();
    }

    @Test
    void viaNamesOurAddressOnTheSideWithAFreshBranchAndRport() {
        Via outside = onTheWire(sip.via(SipSide.OUTSIDE, Transport.UDP));
        Via inside = onTheWire(sip.via(SipSide.INSIDE, Transport.TCP));

        assertEquals("198.51.100.10", outside.getHost());
        assertEquals(5060, outside.getPort());
        assertEquals("UDP", outside.getTransport());
        assertTrue(outside.hasParameter(Via.RPORT));
        assertEquals("10.0.0.10", inside.getHost());
        assertEquals("TCP", inside.getTransport());
        assertTrue(inside.getBranch().startsWith("z9hG4bK"));
        assertTrue(!inside.getBranch().equals(outside.getBranch()));
    }

    @Test
    void contactNamesOurAddressOnTheSideAndTheTokenAsUser() {
        ContactEntry contact = sip.contact(SipSide.INSIDE, Transport.TCP, "tok123");

        SipUri uri = contact.uri().orElseThrow();
        assertEquals("tok123", uri.user());
        assertEquals("10.0.0.10", uri.host());
        assertEquals(5060, uri.port());
        assertEquals("tcp", uri.parameter("transport"));
        assertEquals(null, sip.contact(SipSide.OUTSIDE, Transport.UDP, null).uri().orElseThrow().user());
    }

    @Test
    void requestCarriesTheMandatoryHeadersAndEncodesCleanly() {
        SipUri target = sip.uri("bob", "10.0.0.2", 5060, Transport.UDP);
        SipRequest request = sip.request("INVITE", target, "s0-abc", 7,
                NameAddress.of(sip.uri("alice", "10.0.0.10", 5060, Transport.UDP)), "from-tag",
                NameAddress.of(target), null, sip.via(SipSide.INSIDE, Transport.UDP), 69);

        SIPRequest wire = (SIPRequest) FakeNetwork.parse(request.encode("UDP"));

        assertEquals("INVITE", wire.getMethod());
        assertEquals(target, SipUri.parse(wire.getRequestURI().toString()));
        assertEquals("s0-abc", wire.getCallId().getCallId());
        assertEquals(7, wire.getCSeq().getSeqNumber());
        assertEquals("INVITE", wire.getCSeq().getMethod());
        assertEquals("from-tag", wire.getFrom().getTag());
        assertEquals(null, wire.getTo().getTag());
        assertEquals(69, wire.getMaxForwards().getMaxForwards());
        assertEquals(1, wire.getViaHeaders().size());
    }

    @Test
    void viaAndContactBracketAnIpv6Address() {
        SideSockets sockets = new SideSockets();
        sockets.register(SipSide.INSIDE, new org.sbc.core.sip.ListenAddress(Transport.UDP,
                FakeNetwork.address("2001:db8::10", 5060).getAddress(), 5060), new io.netty.channel.embedded.EmbeddedChannel());
        SipFactory v6 = new SipFactory(sockets);
        SipUri target = v6.uri("bob", "[2001:db8::2]", 5060, Transport.UDP);
        SipRequest request = v6.request("OPTIONS", target, "s0-v6", 1,
                NameAddress.of(target), "t", NameAddress.of(target), null,
                v6.via(SipSide.INSIDE, Transport.UDP), 70);
        request.setContact(v6.contact(SipSide.INSIDE, Transport.UDP, null));

        SIPRequest wire = (SIPRequest) FakeNetwork.parse(request.encode("UDP"));

        java.net.InetAddress ours = FakeNetwork.address("2001:db8::10", 1).getAddress();
        assertEquals(ours, FakeNetwork.address(unbracket(wire.getTopmostVia().getHost()), 1).getAddress());
        assertEquals(5060, wire.getTopmostVia().getPort());
        var contact = (javax.sip.address.SipURI) ((Contact) wire.getContactHeaders().getFirst()).getAddress().getURI();
        assertEquals(ours, FakeNetwork.address(unbracket(contact.getHost()), 1).getAddress());
        assertEquals(5060, contact.getPort());
    }

    private static String unbracket(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}

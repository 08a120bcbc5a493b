package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.Transport;

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

    @Test
    void viaNamesOurAddressOnTheSideWithAFreshBranchAndRport() {
        Via outside = sip.via(SipSide.OUTSIDE, Transport.UDP);
        Via inside = sip.via(SipSide.INSIDE, Transport.TCP);

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
        Contact contact = sip.contact(SipSide.INSIDE, Transport.TCP, "tok123");

        SipUri uri = (SipUri) contact.getAddress().getURI();
        assertEquals("tok123", uri.getUser());
        assertEquals("10.0.0.10", uri.getHost());
        assertEquals(5060, uri.getPort());
        assertEquals("tcp", uri.getTransportParam());
        assertEquals(null, ((SipUri) sip.contact(SipSide.OUTSIDE, Transport.UDP, null).getAddress().getURI())
                .getUser());
    }

    @Test
    void requestCarriesTheMandatoryHeadersAndEncodesCleanly() {
        SipUri target = sip.uri("bob", "10.0.0.2", 5060, Transport.UDP);
        SIPRequest request = sip.request(SIPRequest.INVITE, target, "s0-abc", 7,
                sip.addresses().createAddress(sip.uri("alice", "10.0.0.10", 5060, Transport.UDP)), "from-tag",
                sip.addresses().createAddress(target), null, sip.via(SipSide.INSIDE, Transport.UDP), 69);

        SIPRequest wire = (SIPRequest) FakeNetwork.parse(request.encodeAsBytes("UDP"));

        assertEquals("INVITE", wire.getMethod());
        assertEquals(target, wire.getRequestURI());
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
        sockets.register(SipSide.INSIDE, new org.sbc.core.config.ListenAddress(Transport.UDP,
                FakeNetwork.address("2001:db8::10", 5060).getAddress(), 5060), new io.netty.channel.embedded.EmbeddedChannel());
        SipFactory v6 = new SipFactory(sockets);
        SipUri target = v6.uri("bob", "[2001:db8::2]", 5060, Transport.UDP);
        SIPRequest request = v6.request(SIPRequest.OPTIONS, target, "s0-v6", 1,
                v6.addresses().createAddress(target), "t", v6.addresses().createAddress(target), null,
                v6.via(SipSide.INSIDE, Transport.UDP), 70);
        request.setHeader(v6.contact(SipSide.INSIDE, Transport.UDP, null));

        SIPRequest wire = (SIPRequest) FakeNetwork.parse(request.encodeAsBytes("UDP"));

        java.net.InetAddress ours = FakeNetwork.address("2001:db8::10", 1).getAddress();
        assertEquals(ours, FakeNetwork.address(unbracket(wire.getTopmostVia().getHost()), 1).getAddress());
        assertEquals(5060, wire.getTopmostVia().getPort());
        SipUri contact = (SipUri) ((Contact) wire.getContactHeaders().getFirst()).getAddress().getURI();
        assertEquals(ours, FakeNetwork.address(unbracket(contact.getHost()), 1).getAddress());
        assertEquals(5060, contact.getPort());
    }

    private static String unbracket(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}

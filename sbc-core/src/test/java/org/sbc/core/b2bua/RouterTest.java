package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.registration.Binding;
import org.sbc.core.b2bua.registration.BindingCache;
import org.sbc.core.codec.SipUri;
import org.sbc.core.config.B2buaConfig.RequestUriMode;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.Trunk;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

class RouterTest {

    private static final PbxTarget PBX = new PbxTarget("sip:pbx.example.com:5080", "pbx.example.com", 5080,
            Transport.UDP);
    private static final InetSocketAddress PBX_ADDRESS = FakeNetwork.address("10.0.0.2", 5080);
    private static final InetSocketAddress CARRIER_ADDRESS = FakeNetwork.address("203.0.113.5", 5060);
    private static final InetSocketAddress INTL_ADDRESS = FakeNetwork.address("203.0.113.9", 5070);
    private static final Target PHONE = FakeNetwork.udp(SipSide.OUTSIDE, FakeNetwork.address("192.0.2.1", 5062));

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final BindingCache bindings = new BindingCache(100, now::get);
    private final SipFactory sip = new SipFactory(new SideSockets());
    private final Router router = new Router(PBX, PBX_ADDRESS, List.of(
            new Router.ResolvedTrunk(new Trunk("carrier", new PbxTarget("sip:Carrier.Example.COM", "Carrier.Example.COM",
                    5060, Transport.UDP), List.of()), CARRIER_ADDRESS),
            new Router.ResolvedTrunk(new Trunk("international", new PbxTarget("sip:203.0.113.9:5070;transport=tcp",
                    "203.0.113.9", 5070, Transport.TCP), List.of("00", "+")), INTL_ADDRESS)),
            bindings, sip);

    private static SipUri uri(String text) {
        return SipUri.parse(text);
    }

    private Binding bind(String token, String user, String contact, long expiresInMillis) {
        Binding binding = new Binding(token, user + "@example.com", user, uri(contact), PHONE,
                now.get() + expiresInMillis);
        assertTrue(bindings.put(binding));
        return binding;
    }

    private NextHop route(SipSide from, String requestUri) {
        return router.route(from, uri(requestUri)).orElseThrow();
    }

    @Test
    void sendsEverythingFromOutsideToThePbxKeepingTheUserAndHost() {
        bind("bob", "bob", "sip:bob@192.0.2.1:5062", 60_000); // a binding never diverts outside traffic

        NextHop hop = route(SipSide.OUTSIDE, "sip:bob@Tenant-A.example.com:5062;user=phone;transport=tcp");

        SipUri requestUri = hop.requestUri();
        assertEquals("bob", requestUri.user());
        assertEquals("Tenant-A.example.com", requestUri.host(), "a multi-domain PBX routes on the host");
        assertEquals(-1, requestUri.port(), "the outside port means nothing inside");
        assertNull(requestUri.parameter("user"), "nothing of the caller's URI but user and host crosses");
        assertNull(requestUri.parameter("transport"));
        assertEquals(Target.of(SipSide.INSIDE, Transport.UDP, PBX_ADDRESS), hop.target(), "sent to the PBX");
    }

    @Test
    void namesThePbxInTheRequestUriWhenToldTo() {
        Router pbxNaming = new Router(PBX, PBX_ADDRESS, List.of(), bindings, sip, RequestUriMode.PBX);

        NextHop hop = pbxNaming.route(SipSide.OUTSIDE, uri("sip:bob@carrier.example.com;user=phone")).orElseThrow();

        SipUri requestUri = hop.requestUri();
        assertEquals("bob", requestUri.user());
        assertEquals("pbx.example.com", requestUri.host());
        assertEquals(5080, requestUri.port());
        assertNull(requestUri.parameter("user"), "nothing of the caller's URI but the user crosses");
        assertEquals(Target.of(SipSide.INSIDE, Transport.UDP, PBX_ADDRESS), hop.target());
    }

    @Test
    void sendsAUserlessRequestFromOutsideToThePbx() {
        NextHop hop = route(SipSide.OUTSIDE, "sip:198.51.100.10");

        assertNull(hop.requestUri().user());
        assertEquals(PBX_ADDRESS, hop.target().address());
    }

    @Test
    void routesFromInsideToTheBindingNamedByToken() {
        Binding binding = bind("tok123", "alice", "sip:alice@192.168.1.20:5062;transport=udp", 60_000);

        NextHop hop = route(SipSide.INSIDE, "sip:tok123@10.0.0.10");

        assertEquals(binding.contact(), hop.requestUri());
        assertEquals(PHONE, hop.target());
    }

    @Test
    void prefersTheTokenOverAUserOfTheSameName() {
        bind("bob", "someone", "sip:someone@192.0.2.7", 60_000);
        bind("tok-b", "bob", "sip:bob@192.0.2.8", 90_000);

        assertEquals(uri("sip:someone@192.0.2.7"), route(SipSide.INSIDE, "sip:bob@10.0.0.10").requestUri());
    }

    @Test
    void routesFromInsideToTheUsersLatestBindingWhenNoTokenMatches() {
        bind("tok-1", "alice", "sip:alice@192.0.2.1:5062", 30_000);
        bind("tok-2", "alice", "sip:alice@192.0.2.2:5062", 60_000);

        assertEquals(uri("sip:alice@192.0.2.2:5062"), route(SipSide.INSIDE, "sip:alice@10.0.0.10").requestUri());
    }

    @Test
    void routesFromInsideToATrunkByHostIgnoringCase() {
        NextHop hop = route(SipSide.INSIDE, "sip:4930123@carrier.example.com");

        SipUri requestUri = hop.requestUri();
        assertEquals("4930123", requestUri.user());
        assertEquals("Carrier.Example.COM", requestUri.host());
        assertEquals(Target.of(SipSide.OUTSIDE, Transport.UDP, CARRIER_ADDRESS), hop.target());
    }

    @Test
    void routesFromInsideToATrunkByPrefix() {
        NextHop hop = route(SipSide.INSIDE, "sip:0044207946@10.0.0.10");

        SipUri requestUri = hop.requestUri();
        assertEquals("0044207946", requestUri.user());
        assertEquals("203.0.113.9", requestUri.host());
        assertEquals("tcp", requestUri.parameter("transport"));
        assertEquals(Target.of(SipSide.OUTSIDE, Transport.TCP, INTL_ADDRESS), hop.target());
    }

    @Test
    void prefersALiveBindingOverATrunkPrefix() {
        bind("tok-x", "0049", "sip:0049@192.0.2.3", 60_000);

        assertEquals(PHONE, route(SipSide.INSIDE, "sip:0049@10.0.0.10").target());
    }

    @Test
    void skipsExpiredBindingsAndFallsBackToTheTrunk() {
        bind("tok-x", "0049", "sip:0049@192.0.2.3", 60_000);
        now.addAndGet(60_000);

        assertEquals(INTL_ADDRESS, route(SipSide.INSIDE, "sip:0049@10.0.0.10").target().address());
    }

    @Test
    void findsNowhereFromInsideForAnUnknownUser() {
        bind("tok-1", "alice", "sip:alice@192.0.2.1", 60_000);

        assertTrue(router.route(SipSide.INSIDE, uri("sip:carol@10.0.0.10")).isEmpty());
        assertTrue(router.route(SipSide.INSIDE, uri("sip:10.0.0.10")).isEmpty());
    }

    @Test
    void namesThePbxForInDialogRequests() {
        assertEquals(Target.of(SipSide.INSIDE, Transport.UDP, PBX_ADDRESS), router.pbx());
    }
}

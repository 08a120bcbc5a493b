package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.dialog.Leg;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipUri;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

class DialogMappingTest {

    private static final long NOT_AFTER = 1_800_000_000_000L;

    private NameAddress address(String text) {
        return NameAddress.parse(text);
    }

    private NameAddress route(String text) {
        return NameAddress.parse(text);
    }

    /** The phone's leg: X, on which the in-dialog request arrives. */
    private Leg outsideLeg() throws Exception {
        Leg x = new Leg(SipSide.OUTSIDE, FakeNetwork.udp(SipSide.OUTSIDE, FakeNetwork.address("192.0.2.1", 5062)),
                "out-1", address("<sip:bob@198.51.100.10>"), "sbcA", address("\"Alice\" <sip:alice@192.0.2.1>"),
                "phoneA", 1);
        x.remoteTarget(SipUri.parse("sip:alice@192.0.2.1:5062;transport=udp"));
        x.routeSet(List.of(route("<sip:edge.carrier.example;lr>")));
        return x;
    }

    /** The PBX's leg: Y, carried whole by the mapping. */
    private Leg insideLeg(String peer) throws Exception {
        Leg y = new Leg(SipSide.INSIDE, Target.of(SipSide.INSIDE, Transport.TCP, FakeNetwork.address(peer, 5080)),
                "s0-in", address("<sip:alice@10.0.0.10:5070>"), "sbcB", address("<sip:bob@10.0.0.2>"), "pbxB", 1);
        y.remoteTarget(SipUri.parse("sip:bob@10.0.0.2:5080;transport=tcp"));
        y.routeSet(List.of(route("<sip:10.0.0.3;lr>"), route("<sip:10.0.0.4;lr;ftag=sbcB>")));
        return y;
    }

    private List<String> fields() throws Exception {
        return DialogMapping.of(outsideLeg(), insideLeg("10.0.0.2"), NOT_AFTER, true).fields();
    }

    private static List<String> with(List<String> fields, int index, String value) {
        List<String> changed = new ArrayList<>(fields);
        changed.set(index, value);
        return changed;
    }

    @Test
    void decodesWhatItEncoded() throws Exception {
        DialogMapping mapping = DialogMapping.of(outsideLeg(), insideLeg("10.0.0.2"), NOT_AFTER, true);

        assertEquals(Optional.of(mapping), DialogMapping.decode(mapping.fields()));
    }

    @Test
    void carriesTheOtherLegWholeAndThisLegsTargetAndRoutes() throws Exception {
        DialogMapping mapping = DialogMapping.decode(
                DialogMapping.of(outsideLeg(), insideLeg("10.0.0.2"), NOT_AFTER, true).fields()).orElseThrow();

        assertEquals(NOT_AFTER, mapping.notAfterMillis());
        assertEquals(SipSide.INSIDE, mapping.ySide());
        assertEquals(Transport.TCP, mapping.yTransport());
        assertEquals(FakeNetwork.address("10.0.0.2", 5080), mapping.yPeer());
        assertEquals("s0-in", mapping.yCallId());
        assertEquals("sbcB", mapping.yLocalTag());
        assertEquals("pbxB", mapping.yRemoteTag());
        assertEquals("sip:alice@192.0.2.1:5062;transport=udp", mapping.xRemoteTarget());
        assertEquals(1, mapping.xRoutes().size());
        assertEquals(2, mapping.yRoutes().size());
    }

    @Test
    void rebuildsTheOtherLegFromTheDecodedMapping() throws Exception {
        Leg original = insideLeg("10.0.0.2");
        DialogMapping mapping = DialogMapping.decode(DialogMapping.of(outsideLeg(), original, NOT_AFTER, true).fields())
                .orElseThrow();

        Leg y = mapping.yLeg();

        assertEquals(SipSide.INSIDE, y.side());
        assertEquals(original.peer(), y.peer());
        assertEquals("s0-in", y.callId());
        assertEquals("sbcB", y.localTag());
        assertEquals("pbxB", y.remoteTag());
        assertEquals(original.localAddress(), y.localAddress());
        assertEquals(original.remoteAddress(), y.remoteAddress());
        assertEquals(original.remoteTarget(), y.remoteTarget());
        assertEquals(original.routeSet().stream().map(NameAddress::encode).toList(),
                y.routeSet().stream().map(NameAddress::encode).toList());
        assertEquals(Optional.of(outsideLeg().remoteTarget()), mapping.xTarget());
        assertEquals(outsideLeg().routeSet().stream().map(NameAddress::encode).toList(),
                mapping.xRouteSet().stream().map(NameAddress::encode).toList());
    }

    @Test
    void keepsAnEarlyLegWithoutRemoteTagTargetOrRoutes() throws Exception {
        Leg early = new Leg(SipSide.INSIDE, FakeNetwork.udp(SipSide.INSIDE, FakeNetwork.address("10.0.0.2", 5060)),
                "s0-early", address("<sip:alice@10.0.0.10>"), "sbcB", address("<sip:bob@10.0.0.2>"), null, 1);
        Leg x = new Leg(SipSide.OUTSIDE, FakeNetwork.udp(SipSide.OUTSIDE, FakeNetwork.address("192.0.2.1", 5062)),
                "out-early", address("<sip:bob@198.51.100.10>"), "sbcA", address("<sip:alice@192.0.2.1>"), "phoneA",
                1);

        DialogMapping mapping = DialogMapping.decode(DialogMapping.of(x, early, NOT_AFTER, true).fields()).orElseThrow();
        Leg y = mapping.yLeg();

        assertNull(y.remoteTag());
        assertNull(y.remoteTarget());
        assertEquals(List.of(), y.routeSet());
        assertEquals(Optional.empty(), mapping.xTarget());
        assertEquals(List.of(), mapping.xRouteSet());
    }

    @Test
    void decodesAnIpv6Peer() throws Exception {
        DialogMapping mapping = DialogMapping.of(outsideLeg(), insideLeg("2001:db8::2"), NOT_AFTER, true);

        DialogMapping decoded = DialogMapping.decode(mapping.fields()).orElseThrow();

        assertEquals(FakeNetwork.address("2001:db8::2", 5080), decoded.yPeer());
        assertEquals(mapping, decoded);
    }

    @Test
    void namesTheOtherLegsHandleOnlyWhenAsked() throws Exception {
        Leg inside = insideLeg("10.0.0.2");
        inside.handle("abcdefgh01234567");

        DialogMapping stored = DialogMapping.decode(DialogMapping.of(outsideLeg(), inside, NOT_AFTER, true).fields())
                .orElseThrow();
        DialogMapping sealed = DialogMapping.decode(DialogMapping.of(outsideLeg(), inside, NOT_AFTER, false).fields())
                .orElseThrow();

        assertEquals("abcdefgh01234567", stored.yLeg().handle());
        assertEquals(null, sealed.yLeg().handle(),
                "mask mode: a token must not carry the previous token, or tokens grow with every refresh");
    }

    @Test
    void isBoundToTheDialogItWasGivenIn() throws Exception {
        DialogMapping mapping = DialogMapping.decode(
                DialogMapping.of(outsideLeg(), insideLeg("10.0.0.2"), NOT_AFTER, true).fields()).orElseThrow();

        assertTrue(mapping.belongsTo("out-1", "sbcA"));
        assertFalse(mapping.belongsTo("another-call", "sbcA"), "a token replayed into another call");
        assertFalse(mapping.belongsTo("out-1", "other-tag"));
    }

    @Test
    void decodesNothingFromGarbage() {
        assertEquals(Optional.empty(), DialogMapping.decode(List.of()));
        assertEquals(Optional.empty(), DialogMapping.decode(List.of("2")));
        assertEquals(Optional.empty(), DialogMapping.decode(List.of("not a mapping at all")));
        assertEquals(Optional.empty(), DialogMapping.decode(Collections.nCopies(18, "")));
    }

    @Test
    void decodesNothingFromTheWrongFieldCount() throws Exception {
        List<String> fields = fields();

        assertEquals(Optional.empty(), DialogMapping.decode(fields.subList(0, 14)));
        List<String> more = new ArrayList<>(fields);
        more.add("extra");
        assertEquals(Optional.empty(), DialogMapping.decode(more));
        assertEquals(Optional.empty(), DialogMapping.decode(List.of()));
    }

    @Test
    void decodesNothingFromAnotherVersion() throws Exception {
        assertEquals(Optional.empty(), DialogMapping.decode(with(fields(), 0, "1")));
    }

    @Test
    void decodesNothingFromBadFields() throws Exception {
        List<String> fields = fields();

        assertEquals(Optional.empty(), DialogMapping.decode(with(fields, 1, "soon")));
        assertEquals(Optional.empty(), DialogMapping.decode(with(fields, 2, "MIDDLE")));
        assertEquals(Optional.empty(), DialogMapping.decode(with(fields, 3, "SCTP")));
        assertEquals(Optional.empty(), DialogMapping.decode(with(fields, 5, "5o60")));
        assertEquals(Optional.empty(), DialogMapping.decode(with(fields, 5, "70000")));
    }

    @Test
    void decodesNothingForAHostNameInsteadOfAnAddress() throws Exception {
        assertEquals(Optional.empty(), DialogMapping.decode(with(fields(), 4, "pbx.corp.example")));
        assertEquals(Optional.empty(), DialogMapping.decode(with(fields(), 4, "localhost")));
        assertEquals(Optional.empty(), DialogMapping.decode(with(fields(), 4, "")));
    }
}

package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.dialog.Call;
import org.sbc.core.b2bua.dialog.Leg;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.sip.SipSide;
import org.sbc.core.testing.SipMessages;

class DialogReferencesTest {

    private static final String OUTSIDE_REFERENCE = "out-1;to-tag=sbcA;from-tag=phoneA";
    private static final String INSIDE_REFERENCE = "s0-in;to-tag=pbxB;from-tag=sbcB";

    private final Leg outside = new Leg(SipSide.OUTSIDE,
            FakeNetwork.udp(SipSide.OUTSIDE, FakeNetwork.address("192.0.2.1", 5062)), "out-1", null, "sbcA", null,
            "phoneA", 1);
    private final Leg inside = new Leg(SipSide.INSIDE,
            FakeNetwork.udp(SipSide.INSIDE, FakeNetwork.address("10.0.0.2", 5060)), "s0-in", null, "sbcB", null,
            "pbxB", 1);
    private final Map<String, Call> directory = directoryOf(new Call(outside, inside, null));

    /** As the shard files a call: each leg under its side, Call-ID and our tag. */
    private static Map<String, Call> directoryOf(Call call) {
        Map<String, Call> directory = new HashMap<>();
        for (Leg leg : new Leg[] {call.a(), call.b()}) {
            directory.put(Shard.key(leg.side(), leg.callId(), leg.localTag()), call);
        }
        return directory;
    }

    private static SipRequest invite(String name, String value) {
        return FakeNetwork.sipRequest(SipMessages.request("INVITE", "sip:300@10.0.0.10").add(name, value).text());
    }

    private static SipRequest refer(String referTo) {
        return FakeNetwork.sipRequest(SipMessages.request("REFER", "sip:bob@10.0.0.10").add("Refer-To", referTo).text());
    }

    private static String value(SipRequest request, String name) {
        return request.header(name).orElseThrow().strip();
    }

    private static String value(SIPRequest request, String name) {
        return ((SIPHeader) request.getHeader(name)).getValue().strip();
    }

    /** The Replaces inside a Refer-To URI, unescaped. */
    private static String embeddedReplaces(String referTo) {
        Matcher m = Pattern.compile("(?i)[?&]replaces=([^&>]*)").matcher(referTo);
        assertTrue(m.find(), referTo);
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    @Test
    void namesTheOutsideDialogAsTheInsideKnowsIt() {
        assertEquals(Optional.of(INSIDE_REFERENCE),
                DialogReferences.translate(OUTSIDE_REFERENCE, SipSide.OUTSIDE, directory));
    }

    @Test
    void namesTheInsideDialogAsTheOutsideKnowsIt() {
        assertEquals(Optional.of("out-1;to-tag=phoneA;from-tag=sbcA"),
                DialogReferences.translate("s0-in;to-tag=sbcB;from-tag=pbxB", SipSide.INSIDE, directory));
    }

    @Test
    void findsTheDialogWhicheverTagComesFirst() {
        assertEquals(Optional.of("s0-in;from-tag=sbcB;to-tag=pbxB"),
                DialogReferences.translate("out-1;from-tag=phoneA;to-tag=sbcA", SipSide.OUTSIDE, directory));
    }

    @Test
    void keepsTheEarlyOnlyFlag() {
        assertEquals(Optional.of(INSIDE_REFERENCE + ";early-only"),
                DialogReferences.translate(OUTSIDE_REFERENCE + ";early-only", SipSide.OUTSIDE, directory));
    }

    @Test
    void translatesLocalAndRemoteTagsOfTargetDialog() {
        assertEquals(Optional.of("s0-in;local-tag=pbxB;remote-tag=sbcB"),
                DialogReferences.translate("out-1;local-tag=sbcA;remote-tag=phoneA", SipSide.OUTSIDE, directory));
    }

    @Test
    void translatesNothingForAnUnknownDialog() {
        assertEquals(Optional.empty(),
                DialogReferences.translate("other-call;to-tag=sbcA;from-tag=phoneA", SipSide.OUTSIDE, directory));
        assertEquals(Optional.empty(),
                DialogReferences.translate("out-1;to-tag=nobody;from-tag=phoneA", SipSide.OUTSIDE, directory));
        assertEquals(Optional.empty(), DialogReferences.translate("out-1", SipSide.OUTSIDE, directory));
        assertEquals(Optional.empty(), DialogReferences.translate("", SipSide.OUTSIDE, directory));
    }

    @Test
    void translatesNothingForTheDialogNamedFromTheWrongSide() {
        assertEquals(Optional.empty(), DialogReferences.translate(OUTSIDE_REFERENCE, SipSide.INSIDE, directory));
    }

    @Test
    void translatesNothingWhileTheOtherLegHasNoPeerTag() {
        Leg early = new Leg(SipSide.INSIDE, FakeNetwork.udp(SipSide.INSIDE, FakeNetwork.address("10.0.0.2", 5060)),
                "s0-early", null, "sbcB", null, null, 1);

        assertEquals(Optional.empty(), DialogReferences.translate(OUTSIDE_REFERENCE, SipSide.OUTSIDE,
                directoryOf(new Call(outside, early, null))));
    }

    @Test
    void rewritesAReplacesHeader() {
        SipRequest request = invite("Replaces", OUTSIDE_REFERENCE);

        DialogReferences.translate(request, SipSide.OUTSIDE, directory);

        assertEquals(INSIDE_REFERENCE, value(request, "Replaces").replace(" ", ""));
    }

    @Test
    void rewritesAReplacesHeaderThatSurvivesTheWire() {
        SipRequest request = invite("Replaces", OUTSIDE_REFERENCE + ";early-only");

        DialogReferences.translate(request, SipSide.OUTSIDE, directory);

        SIPRequest wire = (SIPRequest) FakeNetwork.parse(request.encode("UDP"));
        assertEquals(INSIDE_REFERENCE + ";early-only", value(wire, "Replaces").replace(" ", ""));
    }

    @Test
    void rewritesATargetDialogHeader() {
        SipRequest request = invite("Target-Dialog", "out-1;local-tag=sbcA;remote-tag=phoneA");

        DialogReferences.translate(request, SipSide.OUTSIDE, directory);

        assertEquals("s0-in;local-tag=pbxB;remote-tag=sbcB", value(request, "Target-Dialog").replace(" ", ""));
    }

    @Test
    void leavesAReplacesHeaderForAnUnknownDialog() {
        SipRequest request = invite("Replaces", "elsewhere;to-tag=x;from-tag=y");

        DialogReferences.translate(request, SipSide.OUTSIDE, directory);

        assertEquals("elsewhere;to-tag=x;from-tag=y", value(request, "Replaces").replace(" ", ""));
    }

    @Test
    void rewritesTheReplacesEmbeddedInReferTo() {
        SipRequest request = refer("<sip:300@x?Replaces=out-1%3Bto-tag%3DsbcA%3Bfrom-tag%3DphoneA>");

        DialogReferences.translate(request, SipSide.OUTSIDE, directory);

        String referTo = value(request, "Refer-To");
        assertEquals(INSIDE_REFERENCE, embeddedReplaces(referTo));
        assertTrue(referTo.startsWith("<sip:300@x?"), referTo);
        assertTrue(referTo.endsWith(">"), referTo);
    }

    @Test
    void rewritesTheEmbeddedReplacesAmongOtherUriHeaders() {
        SipRequest request = refer("<sip:300@x?Require=replaces&Replaces=out-1%3Bto-tag%3DsbcA%3Bfrom-tag%3DphoneA"
                + "%3Bearly-only>");

        DialogReferences.translate(request, SipSide.OUTSIDE, directory);

        String referTo = value(request, "Refer-To");
        assertEquals(INSIDE_REFERENCE + ";early-only", embeddedReplaces(referTo));
        assertTrue(referTo.contains("Require=replaces"), referTo);
    }

    @Test
    void rewritesTheEmbeddedReplacesSoThatItSurvivesTheWire() {
        SipRequest request = refer("<sip:300@x?Replaces=out-1%3Bto-tag%3DsbcA%3Bfrom-tag%3DphoneA>");

        DialogReferences.translate(request, SipSide.OUTSIDE, directory);

        SIPRequest wire = (SIPRequest) FakeNetwork.parse(request.encode("UDP"));
        assertEquals(INSIDE_REFERENCE, embeddedReplaces(value(wire, "Refer-To")));
    }

    @Test
    void leavesAReferToWithoutReplacesAlone() {
        SipRequest request = refer("<sip:300@x>");

        DialogReferences.translate(request, SipSide.OUTSIDE, directory);

        assertEquals("<sip:300@x>", value(request, "Refer-To"));
    }
}

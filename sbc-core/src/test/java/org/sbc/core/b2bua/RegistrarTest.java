package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.FakeNetwork.Sent;
import org.sbc.core.b2bua.registration.Binding;
import org.sbc.core.metrics.Counter;
import org.sbc.core.testing.SipMessages;

/** REGISTER relayed to the PBX with the phone's contact replaced by a token, and calls back through it. */
class RegistrarTest {

    private final ShardHarness h = new ShardHarness();
    private final FakeNetwork net = h.net;

    private static SipMessages register(int cseq, String branch, String contactParams) {
        return SipMessages.request("REGISTER", "sip:example.com")
                .header("Via", "SIP/2.0/UDP 192.168.1.20:5062;branch=" + branch + ";rport")
                .header("From", "<sip:alice@example.com>;tag=reg-tag")
                .header("To", "<sip:alice@example.com>")
                .header("Call-ID", "reg-call-1")
                .header("CSeq", cseq + " REGISTER")
                .add("Contact", "<sip:alice@192.168.1.20:5062>" + contactParams)
                .add("User-Agent", "Phone/1.0");
    }

    /** The PBX's 200, granting every contact it was given for {@code expires} seconds. */
    private static SIPResponse granted(SIPRequest register, int expires) {
        SIPResponse ok = register.createResponse(200);
        try {
            ok.getTo().setTag("pbx-reg");
            for (Object contact : register.getContactHeaders()) {
                Contact copy = (Contact) ((Contact) contact).clone();
                copy.setExpires(expires);
                ok.addHeader(copy);
            }
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
        return ok;
    }

    private static String token(SIPRequest register) {
        return ((SipUri) ((Contact) register.getContactHeaders().getFirst()).getAddress().getURI()).getUser();
    }

    private SIPRequest registerReachingPbx(int cseq, String branch, String contactParams) {
        h.fromPhone(register(cseq, branch, contactParams));
        return ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
    }

    @Test
    void relaysRegisterWithTheContactReplacedByAToken() {
        SIPRequest register = registerReachingPbx(1, "z9hG4bK-reg-1", ";expires=3600");

        assertTrue(register.getCallId().getCallId().startsWith("s0-"));
        assertNotEquals("reg-tag", register.getFrom().getTag());
        assertEquals("sip:alice@example.com", register.getTo().getAddress().getURI().toString(), "the AOR is kept");
        SipUri contact = (SipUri) ((Contact) register.getContactHeaders().getFirst()).getAddress().getURI();
        assertEquals("10.0.0.10", contact.getHost());
        assertEquals(16, contact.getUser().length());
        assertEquals(3600, ((Contact) register.getContactHeaders().getFirst()).getExpires());
        String text = new String(register.encodeAsBytes("UDP"), StandardCharsets.UTF_8);
        for (String secret : List.of("192.168.1.20", "reg-call-1", "reg-tag", "Phone/1.0", "z9hG4bK-reg-1")) {
            assertFalse(text.contains(secret), () -> secret + " reached the PBX:\n" + text);
        }
        assertEquals(1, net.counters().get(Counter.REGISTRATIONS_RELAYED));
    }

    @Test
    void bindsTheTokenOnThePbxs2xxAndListsThePhonesOwnContactBack() {
        SIPRequest register = registerReachingPbx(1, "z9hG4bK-reg-1", "");

        h.fromPbx(granted(register, 1800));

        SIPResponse ok = ShardHarness.only(net.takeSent(), SipSide.OUTSIDE).response();
        assertEquals(200, ok.getStatusCode());
        assertEquals("z9hG4bK-reg-1", ok.getTopmostVia().getBranch());
        Contact back = (Contact) ok.getContactHeaders().getFirst();
        assertEquals("sip:alice@192.168.1.20:5062", back.getAddress().getURI().toString());
        assertEquals(1800, back.getExpires());
        Binding binding = h.bindings.byToken(token(register)).orElseThrow();
        assertEquals("alice", binding.user());
        assertEquals("sip:alice@192.168.1.20:5062", binding.contact().toString());
        assertEquals(FakeNetwork.udp(SipSide.OUTSIDE, ShardHarness.PHONE), binding.flow(), "the flow it came from");
    }

    @Test
    void routesACallFromThePbxToTheRegisteredPhone() {
        SIPRequest register = registerReachingPbx(1, "z9hG4bK-reg-1", "");
        h.fromPbx(granted(register, 1800));
        net.takeSent();

        h.fromPbx(SipMessages.request("INVITE", "sip:" + token(register) + "@10.0.0.10:5060")
                .header("Via", "SIP/2.0/UDP 10.0.0.2:5080;branch=z9hG4bK-pbx-inv")
                .header("From", "<sip:carol@pbx.example>;tag=pbx-from")
                .header("To", "<sip:alice@example.com>")
                .header("Call-ID", "pbx-call-1"));

        Sent toPhone = ShardHarness.only(net.takeSent(), SipSide.OUTSIDE);
        assertEquals("INVITE", toPhone.request().getMethod());
        assertEquals(ShardHarness.PHONE, toPhone.recipient());
        assertEquals("sip:alice@192.168.1.20:5062", toPhone.request().getRequestURI().toString());
        assertFalse(new String(toPhone.request().encodeAsBytes("UDP"), StandardCharsets.UTF_8).contains("10.0.0.2"),
                "nothing of the PBX's address reaches the phone");
    }

    @Test
    void refreshesAsOneUaTowardsThePbx() {
        SIPRequest first = registerReachingPbx(1, "z9hG4bK-reg-1", "");
        h.fromPbx(granted(first, 1800));
        net.takeSent();

        SIPRequest refresh = registerReachingPbx(2, "z9hG4bK-reg-2", "");

        assertEquals(first.getCallId().getCallId(), refresh.getCallId().getCallId());
        assertEquals(first.getFrom().getTag(), refresh.getFrom().getTag());
        assertEquals(first.getCSeq().getSeqNumber() + 1, refresh.getCSeq().getSeqNumber());
        assertEquals(token(first), token(refresh));
        assertNotEquals(first.getTopmostVia().getBranch(), refresh.getTopmostVia().getBranch());
        assertEquals(1, h.shard.registrar.size());
    }

    @Test
    void passesTheChallengeThroughWithoutBinding() {
        SIPRequest register = registerReachingPbx(1, "z9hG4bK-reg-1", "");
        SIPResponse challenge = FakeNetwork.response(SipMessages.response().startLine("SIP/2.0 401 Unauthorized")
                .header("Via", "SIP/2.0/UDP 10.0.0.10:5060;branch=" + register.getTopmostVia().getBranch())
                .header("From", "<sip:alice@example.com>;tag=" + register.getFrom().getTag())
                .header("To", "<sip:alice@example.com>;tag=pbx-reg")
                .header("Call-ID", register.getCallId().getCallId())
                .header("CSeq", register.getCSeq().getSeqNumber() + " REGISTER")
                .add("WWW-Authenticate", "Digest realm=\"pbx\", nonce=\"n1\", algorithm=MD5")
                .add("Server", "PBX/9.9").text());

        h.fromPbx(challenge);

        SIPResponse relayed = ShardHarness.only(net.takeSent(), SipSide.OUTSIDE).response();
        assertEquals(401, relayed.getStatusCode());
        assertNotNull(relayed.getHeader("WWW-Authenticate"));
        assertNull(relayed.getHeader("Server"));
        assertTrue(h.bindings.byToken(token(register)).isEmpty());
    }

    @Test
    void removesTheBindingWhenThePbxGrantsZero() {
        SIPRequest register = registerReachingPbx(1, "z9hG4bK-reg-1", "");
        h.fromPbx(granted(register, 1800));
        net.takeSent();

        SIPRequest unregister = registerReachingPbx(2, "z9hG4bK-reg-2", ";expires=0");
        h.fromPbx(granted(unregister, 0));

        assertEquals(200, ShardHarness.only(net.takeSent(), SipSide.OUTSIDE).response().getStatusCode());
        assertTrue(h.bindings.byToken(token(register)).isEmpty());
    }

    @Test
    void answers408WhenThePbxNeverAnswers() {
        registerReachingPbx(1, "z9hG4bK-reg-1", "");

        net.advance(64L * h.config.t1Millis());

        List<Sent> toPhone = net.takeSent(s -> s.side() == SipSide.OUTSIDE);
        assertEquals(1, toPhone.size(), FakeNetwork.describe(toPhone));
        assertEquals(408, toPhone.get(0).response().getStatusCode());
    }
}

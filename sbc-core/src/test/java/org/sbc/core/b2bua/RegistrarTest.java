package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.FakeNetwork.Sent;
import org.sbc.core.b2bua.registration.Binding;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.SipSide;
import org.sbc.core.transport.IdleConnectionCloser;
import org.sbc.core.testing.SipMessages;

/** REGISTER relayed to the PBX with the phone's contact replaced by a token, and calls back through it. */
class RegistrarTest {

    private final ShardHarness h = new ShardHarness();
    private final FakeNetwork net = h.net;

    private static SipMessages register(int cseq, String branch, String contactParams) {
        return register("reg-call-1", cseq, branch, "<sip:alice@192.168.1.20:5062>" + contactParams);
    }

    private static SipMessages register(String callId, int cseq, String branch, String contact) {
        return SipMessages.request("REGISTER", "sip:example.com")
                .header("Via", "SIP/2.0/UDP 192.168.1.20:5062;branch=" + branch + ";rport")
                .header("From", "<sip:alice@example.com>;tag=reg-tag")
                .header("To", "<sip:alice@example.com>")
                .header("Call-ID", callId)
                .header("CSeq", cseq + " REGISTER")
                .add("Contact", contact)
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

    private SIPRequest registerReachingPbx(String callId, int cseq, String contact) {
        h.fromPhone(register(callId, cseq, "z9hG4bK-" + callId + "-" + cseq, contact));
        return ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
    }

    private void grant(SIPRequest register, int expires) {
        h.fromPbx(granted(register, expires));
        assertEquals(200, ShardHarness.only(net.takeSent(), SipSide.OUTSIDE).response().getStatusCode());
    }

    @Test
    void keepsOneTokenForAContactWhateverCallIdRefreshesIt() {
        SIPRequest first = registerReachingPbx("phone-boot-1", 1, "<sip:alice@192.168.1.20:5062>");
        grant(first, 1800);

        SIPRequest afterReboot = registerReachingPbx("phone-boot-2", 1, "<sip:alice@192.168.1.20:5062>");

        assertEquals(token(first), token(afterReboot), "the registrar sees the same contact, so one binding");
        grant(afterReboot, 1800);
        assertEquals(1, h.bindings.size());
    }

    @Test
    void removesTheBindingOnAnUnregisterFromAnotherCallId() {
        SIPRequest register = registerReachingPbx("phone-boot-1", 1, "<sip:alice@192.168.1.20:5062>");
        grant(register, 1800);

        SIPRequest unregister = registerReachingPbx("phone-boot-2", 1, "<sip:alice@192.168.1.20:5062>;expires=0");

        assertEquals(token(register), token(unregister), "names the registered contact, not a new one");
        assertEquals(0, ((Contact) unregister.getContactHeaders().getFirst()).getExpires());
        grant(unregister, 0);
        assertTrue(h.bindings.byToken(token(register)).isEmpty());
    }

    @Test
    void keepsTheTokenOfAnInstanceWhoseContactAddressChanged() {
        String instance = ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>\";reg-id=1";
        SIPRequest first = registerReachingPbx("phone-1", 1, "<sip:alice@192.168.1.20:5062;transport=tcp>" + instance);
        grant(first, 1800);

        SIPRequest moved = registerReachingPbx("phone-1", 2, "<sip:alice@192.168.1.20:40712;transport=tcp>" + instance);

        assertEquals(token(first), token(moved), "RFC 5626: the instance id names the UA, not its address");
        grant(moved, 1800);
        assertEquals("sip:alice@192.168.1.20:40712;transport=tcp",
                h.bindings.byToken(token(first)).orElseThrow().contact().toString());
    }

    @Test
    void movesTheBindingToTheNewConnectionOfAReconnectedTcpPhoneAndKeepsItOpen() {
        EmbeddedChannel before = net.tcpConnection(SipSide.OUTSIDE);
        h.fromPhoneTcp(register("tcp-phone", 1, "z9hG4bK-tcp-1", "<sip:alice@192.168.1.20:5062;transport=tcp>"),
                before, FakeNetwork.address("192.0.2.1", 40001));
        SIPRequest first = ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
        grant(first, 1800);
        assertTrue(before.attr(IdleConnectionCloser.KEEP_OPEN_UNTIL).get() >= System.currentTimeMillis() + 1_700_000,
                "a connection carrying a registration outlives the idle timeout");
        before.close();

        EmbeddedChannel after = net.tcpConnection(SipSide.OUTSIDE);
        h.fromPhoneTcp(register("tcp-phone", 2, "z9hG4bK-tcp-2", "<sip:alice@192.168.1.20:5062;transport=tcp>"),
                after, FakeNetwork.address("192.0.2.1", 40002));
        SIPRequest refresh = ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
        grant(refresh, 1800);

        assertEquals(token(first), token(refresh));
        Binding binding = h.bindings.byToken(token(first)).orElseThrow();
        assertSame(after, binding.flow().connection().orElseThrow(), "calls now go over the new connection");
        assertEquals(40002, binding.flow().address().getPort());
    }

    @Test
    void releasesTheConnectionLeaseWhenThePhoneUnregisters() {
        EmbeddedChannel connection = net.tcpConnection(SipSide.OUTSIDE);
        InetSocketAddress source = FakeNetwork.address("192.0.2.1", 40001);
        h.fromPhoneTcp(register("tcp-phone", 1, "z9hG4bK-tcp-1", "<sip:alice@192.168.1.20:5062;transport=tcp>"),
                connection, source);
        grant(ShardHarness.only(net.takeSent(), SipSide.INSIDE).request(), 1800);

        h.fromPhoneTcp(register("tcp-phone", 2, "z9hG4bK-tcp-2", "<sip:alice@192.168.1.20:5062;transport=tcp>;expires=0"),
                connection, source);
        grant(ShardHarness.only(net.takeSent(), SipSide.INSIDE).request(), 0);

        assertEquals(0L, connection.attr(IdleConnectionCloser.KEEP_OPEN_UNTIL).get(), "idle again like any other");
    }

    @Test
    void removesEveryBindingOfTheAorOnContactStar() {
        SIPRequest desk = registerReachingPbx("desk", 1, "<sip:alice@192.168.1.20:5062>");
        grant(desk, 1800);
        SIPRequest mobile = registerReachingPbx("mobile", 1, "<sip:alice@192.168.1.30:5062>");
        grant(mobile, 1800);
        assertEquals(2, h.bindings.size());

        h.fromPhone(register("desk", 2, "z9hG4bK-star", "*").header("Expires", "0"));
        SIPRequest star = ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
        assertTrue(((Contact) star.getContactHeaders().getFirst()).isWildCard());
        h.fromPbx(granted(star, 0));
        net.takeSent();

        assertEquals(0, h.bindings.size(), "RFC 3261 §10.2.2: every binding of the AOR");
    }

    @Test
    void refusesAContactBeyondTheAorsLimitBeforeRelaying() {
        for (int i = 0; i < Registrar.MAX_CONTACTS_PER_AOR; i++) {
            grant(registerReachingPbx("device-" + i, 1, "<sip:alice@192.168.1." + i + ":5062>"), 1800);
        }

        h.fromPhone(register("device-x", 1, "z9hG4bK-x", "<sip:alice@192.168.2.1:5062>"));

        List<Sent> sent = net.takeSent();
        assertEquals(403, ShardHarness.only(sent, SipSide.OUTSIDE).response().getStatusCode());
        assertTrue(sent.stream().noneMatch(x -> x.side() == SipSide.INSIDE), FakeNetwork.describe(sent));
    }

    @Test
    void doesNotLetUnauthenticatedRegistersLockTheOwnerOut() {
        for (int i = 0; i < 3 * Registrar.MAX_CONTACTS_PER_AOR; i++) {
            registerReachingPbx("stranger-" + i, 1, "<sip:alice@198.51.100." + i + ":5062>"); // never granted
        }

        SIPRequest owner = registerReachingPbx("owner", 1, "<sip:alice@192.168.1.20:5062>");
        grant(owner, 1800);

        assertTrue(h.bindings.byToken(token(owner)).isPresent());
    }

    @Test
    void answers400ToAWildcardThatIsNotAloneOrNotExpiresZero() {
        h.fromPhone(register("star", 1, "z9hG4bK-star-1", "*").add("Contact", "<sip:alice@192.168.1.20:5062>")
                .header("Expires", "0"));
        h.fromPhone(register("star", 2, "z9hG4bK-star-2", "*").header("Expires", "3600"));

        List<Sent> sent = net.takeSent();
        assertEquals(List.of(400, 400), sent.stream().map(x -> x.response().getStatusCode()).toList(),
                "RFC 3261 §10.3 step 6, and nothing relayed");
    }

    private static SipMessages forkedInvite(String token, String branch) {
        return SipMessages.request("INVITE", "sip:" + token + "@10.0.0.10:5060")
                .header("Via", "SIP/2.0/UDP 10.0.0.2:5080;branch=" + branch)
                .header("From", "<sip:carol@pbx.example>;tag=caller-tag")
                .header("To", "<sip:alice@example.com>")
                .header("Call-ID", "forked-call")
                .header("CSeq", "1 INVITE");
    }

    @Test
    void ringsEveryContactOfACallTheRegistrarForked() {
        SIPRequest desk = registerReachingPbx("desk", 1, "<sip:alice@192.168.1.20:5062>");
        grant(desk, 1800);
        SIPRequest mobile = registerReachingPbx("mobile", 1, "<sip:alice@192.168.1.30:5062>");
        grant(mobile, 1800);

        h.fromPbx(forkedInvite(token(desk), "z9hG4bK-fork-1"));
        h.fromPbx(forkedInvite(token(mobile), "z9hG4bK-fork-2"));

        List<Sent> sent = net.takeSent();
        List<String> rung = sent.stream().filter(x -> x.side() == SipSide.OUTSIDE && x.isRequest("INVITE"))
                .map(x -> x.request().getRequestURI().toString()).toList();
        assertEquals(List.of("sip:alice@192.168.1.20:5062", "sip:alice@192.168.1.30:5062"), rung,
                "two branches naming two contacts are two user agents, not a loop");
        assertEquals(0, net.counters().get(Counter.LOOPS_DETECTED));
    }

    @Test
    void stillAnswers482ToAMergedCopyOfOneBranch() {
        SIPRequest desk = registerReachingPbx("desk", 1, "<sip:alice@192.168.1.20:5062>");
        grant(desk, 1800);

        h.fromPbx(forkedInvite(token(desk), "z9hG4bK-path-1"));
        h.fromPbx(forkedInvite(token(desk), "z9hG4bK-path-2"));

        List<Sent> toPbx = net.takeSent(x -> x.side() == SipSide.INSIDE && x.isResponse(482));
        assertEquals(1, toPbx.size());
        assertEquals("z9hG4bK-path-2", toPbx.get(0).response().getTopmostVia().getBranch());
        assertEquals(1, net.counters().get(Counter.LOOPS_DETECTED));
    }
}

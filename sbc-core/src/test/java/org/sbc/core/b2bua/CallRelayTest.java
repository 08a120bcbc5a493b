package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.RetryAfter;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.FakeNetwork.Sent;
import org.sbc.core.config.B2buaConfig;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.InboundBacklog;
import org.sbc.core.sip.SipSide;
import org.sbc.core.testing.SipMessages;

/** How calls end: rejected, cancelled, unanswered, unacknowledged, hung up from either side, refused. */
class CallRelayTest {

    private final ShardHarness h = new ShardHarness();
    private final FakeNetwork net = h.net;

    private static SipMessages phoneCancel() {
        return ShardHarness.phoneInvite().method("CANCEL").without("Content-Type").without("Contact")
                .without("Record-Route").without("Supported").body("");
    }

    /** The phone's ACK for a non-2xx final: the INVITE's branch, the response's To-tag. */
    private static SipMessages phoneAckFor(SIPResponse response) {
        return ShardHarness.phoneInvite().method("ACK").without("Content-Type").without("Contact")
                .without("Record-Route").without("Supported").body("")
                .header("To", "<sip:bob@198.51.100.10>;tag=" + response.getTo().getTag());
    }

    private static Set<Integer> statuses(List<Sent> sent) {
        return sent.stream().filter(s -> s.message() instanceof SIPResponse).map(s -> s.response().getStatusCode())
                .collect(Collectors.toSet());
    }

    /** The PBX hangs up the call {@code invite} made. */
    private static SipMessages pbxBye(SIPRequest invite) {
        return SipMessages.request("BYE", "sip:10.0.0.10:5060")
                .header("Via", "SIP/2.0/UDP 10.0.0.2:5080;branch=z9hG4bK-pbx-bye")
                .header("From", "<sip:bob@10.0.0.2>;tag=pbx-tag-1")
                .header("To", "<sip:alice@caller.example>;tag=" + invite.getFrom().getTag())
                .header("Call-ID", invite.getCallId().getCallId())
                .header("CSeq", "1 BYE");
    }

    private void assertIdleAfterEveryTimer() {
        net.advance(h.config.t4Millis() + 2 * 64L * h.config.t1Millis());
        assertTrue(h.idle(), h::state);
    }

    @Test
    void relaysTheCalleesRejectionAndForgetsTheCall() {
        SIPRequest invite = h.inviteReachingPbx();

        h.fromPbx(ShardHarness.pbxAnswer(invite, 486));

        List<Sent> sent = net.takeSent();
        SIPRequest ack = ShardHarness.only(sent, SipSide.INSIDE).request();
        assertEquals("ACK", ack.getMethod());
        assertEquals(invite.getTopmostVia().getBranch(), ack.getTopmostVia().getBranch());
        SIPResponse busy = ShardHarness.only(sent, SipSide.OUTSIDE).response();
        assertEquals(486, busy.getStatusCode());
        assertEquals(0, h.dialogs());

        h.fromPhone(phoneAckFor(busy));

        assertEquals(List.of(), net.takeSent(), "the phone's ACK ends at the SBC");
        assertIdleAfterEveryTimer();
    }

    @Test
    void relaysTheCallersCancelToThePbxAfterItsProvisional() {
        SIPRequest invite = h.inviteReachingPbx();
        h.fromPbx(ShardHarness.pbxAnswer(invite, 180));
        net.takeSent();

        h.fromPhone(phoneCancel());

        List<Sent> sent = net.takeSent();
        assertEquals(Set.of(200, 487), statuses(sent), FakeNetwork.describe(sent));
        SIPRequest cancel = ShardHarness.only(sent, SipSide.INSIDE).request();
        assertEquals("CANCEL", cancel.getMethod());
        assertEquals(invite.getTopmostVia().getBranch(), cancel.getTopmostVia().getBranch());
        assertEquals(invite.getCallId().getCallId(), cancel.getCallId().getCallId());
        assertEquals(1, net.counters().get(Counter.CALLS_CANCELLED));

        h.fromPbx(ShardHarness.pbxAnswer(cancel, 200));
        h.fromPbx(ShardHarness.pbxAnswer(invite, 487));

        assertEquals("ACK", ShardHarness.only(net.takeSent(), SipSide.INSIDE).request().getMethod());
        assertEquals(0, h.dialogs());
        SIPResponse terminated = sent.stream().filter(s -> s.isResponse(487)).findFirst().orElseThrow().response();
        h.fromPhone(phoneAckFor(terminated));
        assertIdleAfterEveryTimer();
    }

    @Test
    void holdsTheCancelUntilThePbxSendsAProvisional() {
        SIPRequest invite = h.inviteReachingPbx();

        h.fromPhone(phoneCancel());

        List<Sent> sent = net.takeSent();
        assertEquals(Set.of(200, 487), statuses(sent));
        assertTrue(sent.stream().noneMatch(s -> s.side() == SipSide.INSIDE), "RFC 3261 §9.1: no CANCEL yet");

        h.fromPbx(ShardHarness.pbxAnswer(invite, 180));

        assertEquals("CANCEL", ShardHarness.only(net.takeSent(), SipSide.INSIDE).request().getMethod());
    }

    /** RFC 3261 §9.1: the PBX's 100 Trying is a provisional response; the held CANCEL may go. */
    @Test
    void sendsTheHeldCancelOnThePbxs100Trying() {
        SIPRequest invite = h.inviteReachingPbx();
        h.fromPhone(phoneCancel());
        net.takeSent();

        h.fromPbx(ShardHarness.pbxAnswer(invite, 100));
        net.advance(1_000);

        List<Sent> toPbx = net.takeSent(s -> s.side() == SipSide.INSIDE);
        assertTrue(toPbx.stream().anyMatch(s -> s.isRequest("CANCEL")),
                () -> "the PBX was never cancelled: " + FakeNetwork.describe(toPbx));
    }

    /** The early-dialog limit (180 s by default), not the INVITE's timer B, bounds ringing. */
    @Test
    void keepsARingingCallUpLongerThan64T1() {
        SIPRequest invite = h.inviteReachingPbx();
        h.fromPbx(ShardHarness.pbxAnswer(invite, 180));
        net.takeSent();

        net.advance(60_000);

        List<Sent> sent = net.takeSent();
        assertTrue(sent.isEmpty(), () -> "a ringing call was ended: " + FakeNetwork.describe(sent));
        assertEquals(2, h.dialogs());
    }

    @Test
    void answersAnInviteThePbxNeverAnswersWith408() {
        h.inviteReachingPbx();

        net.advance(64L * h.config.t1Millis() - 1);
        assertTrue(net.takeSent().stream().allMatch(s -> s.isRequest("INVITE") && s.side() == SipSide.INSIDE),
                "only INVITE retransmissions towards the PBX");
        net.advance(1);

        SIPResponse timeout = ShardHarness.only(net.takeSent(), SipSide.OUTSIDE).response();
        assertEquals(408, timeout.getStatusCode());
        assertEquals(0, h.dialogs());
        h.fromPhone(phoneAckFor(timeout));
        assertIdleAfterEveryTimer();
    }

    @Test
    void retransmitsTheRelayed2xxUntilGivingUpAndHangingUpBothLegs() {
        SIPRequest invite = h.inviteReachingPbx();
        h.fromPbx(ShardHarness.pbxAnswer(invite, 200));
        assertEquals(200, net.takeOne().response().getStatusCode());

        net.advance(64L * h.config.t1Millis() - 1);

        List<Sent> retransmissions = net.takeSent();
        assertTrue(retransmissions.stream().allMatch(s -> s.isResponse(200) && s.side() == SipSide.OUTSIDE));
        assertEquals(List.of(500L, 1_500L, 3_500L, 7_500L, 11_500L, 15_500L, 19_500L, 23_500L, 27_500L, 31_500L),
                retransmissions.stream().map(Sent::atMillis).toList(), "T1 doubling, capped at T2");

        net.advance(1);

        List<Sent> byes = net.takeSent();
        assertEquals(Set.of(SipSide.OUTSIDE, SipSide.INSIDE),
                byes.stream().filter(s -> s.isRequest("BYE")).map(Sent::side).collect(Collectors.toSet()),
                FakeNetwork.describe(byes));
        assertEquals(1, net.counters().get(Counter.CALLS_ENDED_NO_ACK));
        assertEquals(0, h.dialogs());
        assertIdleAfterEveryTimer();
    }

    @Test
    void theRelayed2xxWaitsWhileThePhonesAckMayBeInOurOwnSocket() {
        InboundBacklog.Socket socket = net.backlog().watch();
        SIPRequest invite = h.inviteReachingPbx();
        h.fromPbx(ShardHarness.pbxAnswer(invite, 200));
        assertEquals(200, net.takeOne().response().getStatusCode());
        socket.readEnded(true);

        net.advance(800);
        assertEquals(List.of(), net.takeSent(), "held at 500");
        socket.readEnded(false);
        net.advance(100);

        assertEquals(List.of(820L), net.takeSent().stream().map(Sent::atMillis).toList());
        assertEquals(1, net.counters().get(Counter.RETRANSMISSIONS_HELD));
    }

    @Test
    void relaysAByeFromThePbxToThePhonesContact() {
        SIPRequest invite = h.inviteReachingPbx();
        h.fromPbx(ShardHarness.pbxAnswer(invite, 200));
        String ourOutsideTag = net.takeOne().response().getTo().getTag();
        h.fromPhone(ShardHarness.phoneInDialog("ACK", 1, "z9hG4bK-phone-ack", ourOutsideTag));
        net.takeSent();

        h.fromPbx(pbxBye(invite));

        Sent sent = ShardHarness.only(net.takeSent(), SipSide.OUTSIDE);
        SIPRequest bye = sent.request();
        assertEquals("BYE", bye.getMethod());
        assertEquals(ShardHarness.PHONE, sent.recipient(), "to the flow the phone called from");
        assertEquals("sip:alice@192.168.1.20:5062", bye.getRequestURI().toString(), "to the phone's Contact");
        assertEquals("phone-call-1", bye.getCallId().getCallId());
        assertEquals(ourOutsideTag, bye.getFrom().getTag());
        assertEquals("phone-tag-1", bye.getTo().getTag());
        assertEquals("proxy.caller.example",
                ((gov.nist.javax.sip.address.SipUri) ((gov.nist.javax.sip.header.Route) bye.getRouteHeaders().getFirst())
                        .getAddress().getURI())
                        .getHost(), "the caller's route set");

        h.fromPhone(bye.createResponse(200));

        SIPResponse relayed = ShardHarness.only(net.takeSent(), SipSide.INSIDE).response();
        assertEquals(200, relayed.getStatusCode());
        assertEquals("z9hG4bK-pbx-bye", relayed.getTopmostVia().getBranch());
        assertEquals(0, h.dialogs());
        assertIdleAfterEveryTimer();
    }

    /** Issue 9, compact call state: what an established call keeps of the INVITE that made it. */
    @Test
    void aConfirmedCallKeepsNoParsedInviteAndStillReAcksAndAnswersALateCancel() {
        SIPRequest invite = h.inviteReachingPbx();
        h.fromPbx(ShardHarness.pbxAnswer(invite, 200));
        String ourOutsideTag = net.takeOne().response().getTo().getTag();
        h.fromPhone(ShardHarness.phoneInDialog("ACK", 1, "z9hG4bK-phone-ack", ourOutsideTag));
        SIPRequest ack = ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
        assertEquals("ACK", ack.getMethod());

        org.sbc.core.b2bua.dialog.Call call = h.shard.find(SipSide.OUTSIDE, "phone-call-1", ourOutsideTag);
        assertNotNull(call);
        assertNull(call.invite(), "the caller's INVITE transaction is let go at the ACK");
        assertNull(call.outgoingInvite().request(), "ours to the PBX is let go at the 2xx");
        assertEquals("alice", call.origin().callerUser().orElseThrow());
        assertEquals("bob", call.origin().calledUser().orElseThrow());
        assertTrue(call.origin().userAgent().isEmpty(), "kept only for a media timeout's event: no media here");

        h.fromPbx(ShardHarness.pbxAnswer(invite, 200)); // the PBX did not get our ACK
        SIPRequest again = ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
        assertEquals(ack.encode(), again.encode(), "the same ACK, from the bytes kept");

        h.fromPhone(phoneCancel());
        assertEquals(Set.of(200), statuses(net.takeSent()), "RFC 3261 9.2: answered, no effect");
        assertEquals(2, h.dialogs(), "the call, both legs, still up");

        net.advance(64L * h.config.t1Millis()); // timer M: the PBX's 2xx no longer reaches the call
        assertNull(call.lastAckToB(), "the ACK kept for retransmitted 2xx goes with the transaction");
        assertNull(call.outgoingInvite(), "and the transaction itself");
        assertEquals(2, h.dialogs(), "the call itself stays up");

        // A BYE still goes out on the compacted legs, to the phone's Contact with its route set.
        h.fromPbx(pbxBye(invite));
        SIPRequest bye = ShardHarness.only(net.takeSent(), SipSide.OUTSIDE).request();
        assertEquals("sip:alice@192.168.1.20:5062", bye.getRequestURI().toString());
        assertEquals("\"Alice\" <sip:alice@caller.example>", bye.getTo().getAddress().toString());
        assertEquals("phone-tag-1", bye.getTo().getTag());
        assertEquals(1, bye.getRouteHeaders().size());
    }

    /** The phone's ACK was lost (an overloaded moment), and its BYE comes first: the PBX gets its ACK before the BYE. */
    @Test
    void aByeBeforeTheAckSendsTheCalleeItsAckFirst() {
        SIPRequest invite = h.inviteReachingPbx();
        h.fromPbx(ShardHarness.pbxAnswer(invite, 200));
        String ourOutsideTag = net.takeOne().response().getTo().getTag();

        h.fromPhone(ShardHarness.phoneInDialog("BYE", 2, "z9hG4bK-phone-bye", ourOutsideTag));

        List<String> toPbx = net.takeSent().stream().filter(s -> s.side() == SipSide.INSIDE)
                .map(s -> s.request().getMethod()).toList();
        assertEquals(List.of("ACK", "BYE"), toPbx);
        net.advance(64L * h.config.t1Millis());
        assertEquals(0, net.counters().get(Counter.CALLS_ENDED_NO_ACK), "no 2xx left waiting for its ACK");
    }

    @Test
    void answers481ToARequestInAnUnknownDialog() {
        h.fromPhone(ShardHarness.phoneInDialog("BYE", 2, "z9hG4bK-stray", "no-such-tag"));

        assertEquals(481, net.takeOne().response().getStatusCode());
        assertEquals(1, h.shard.transactions.serverCount(), "the answer is repeated to retransmissions");
    }

    @Test
    void refusesCallsBeyondTheLimitPerSourceWith503() {
        ShardHarness limited = new ShardHarness(B2buaConfig.DEFAULT.withLimits(10, 1, 14_400, 180));
        SIPRequest first = limited.inviteReachingPbx();

        limited.fromPhone(ShardHarness.phoneInvite().header("Call-ID", "phone-call-2")
                .header("Via", "SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-phone-2;rport"));

        SIPResponse refused = limited.net.takeOne().response();
        assertEquals(503, refused.getStatusCode());
        RetryAfter retryAfter = (RetryAfter) refused.getHeader(RetryAfter.NAME);
        assertNotNull(retryAfter);
        assertTrue(retryAfter.getRetryAfter() >= 10 && retryAfter.getRetryAfter() <= 30,
                "spread so the refused do not all return at once: " + retryAfter.getRetryAfter());
        assertEquals(1, limited.net.counters().get(Counter.CALLS_REFUSED));
        assertEquals(1, limited.shard.transactions.serverCount(),
                "answered statelessly: only the first call's INVITE holds a transaction");

        limited.fromPbx(ShardHarness.pbxAnswer(first, 486));
        limited.net.takeSent();
        limited.fromPhone(ShardHarness.phoneInvite().header("Call-ID", "phone-call-3")
                .header("Via", "SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-phone-3;rport"));

        assertTrue(limited.net.takeSent().stream().anyMatch(s -> s.isRequest("INVITE")),
                "the slot came back when the first call ended");
    }

    @Test
    void cancelsACallStillRingingAfterEarlyDialogSeconds() {
        ShardHarness early = new ShardHarness(B2buaConfig.DEFAULT.withLimits(10, 10, 14_400, 10));
        SIPRequest invite = early.inviteReachingPbx();
        early.fromPbx(ShardHarness.pbxAnswer(invite, 180));
        early.net.takeSent();

        early.net.advance(10_000);

        List<Sent> sent = early.net.takeSent();
        assertEquals(408, ShardHarness.only(sent, SipSide.OUTSIDE).response().getStatusCode());
        SIPRequest cancel = ShardHarness.only(sent, SipSide.INSIDE).request();
        assertEquals("CANCEL", cancel.getMethod());
        assertEquals(invite.getTopmostVia().getBranch(), cancel.getTopmostVia().getBranch());
        assertEquals(1, early.net.counters().get(Counter.CALLS_EARLY_TIMEOUT));

        early.fromPbx(ShardHarness.pbxAnswer(invite, 487));
        assertEquals(0, early.dialogs());
    }

    @Test
    void hangsUpBothLegsAfterMaxDialogSeconds() {
        ShardHarness capped = new ShardHarness(B2buaConfig.DEFAULT.withLimits(10, 10, 60, 180));
        SIPRequest invite = capped.inviteReachingPbx();
        capped.fromPbx(ShardHarness.pbxAnswer(invite, 200));
        String ourTag = capped.net.takeOne().response().getTo().getTag();
        capped.fromPhone(ShardHarness.phoneInDialog("ACK", 1, "z9hG4bK-phone-ack", ourTag));
        capped.net.takeSent();

        capped.net.advance(59_999);
        assertEquals(List.of(), capped.net.takeSent());
        capped.net.advance(1);

        List<Sent> byes = capped.net.takeSent();
        assertEquals("BYE", ShardHarness.only(byes, SipSide.OUTSIDE).request().getMethod());
        assertEquals("BYE", ShardHarness.only(byes, SipSide.INSIDE).request().getMethod());
        assertEquals(0, capped.dialogs());
    }

    /** docs/architecture.md: "when the PBX forks and two branches answer, the second is ACKed and released with BYE". */
    @Test
    void releasesASecondForkThatAnswers() throws Exception {
        SIPRequest invite = h.inviteReachingPbx();
        h.fromPbx(ShardHarness.pbxAnswer(invite, 200));
        assertEquals(200, net.takeOne().response().getStatusCode());

        SIPResponse fork = ShardHarness.pbxAnswer(invite, 200);
        fork.getTo().setTag("pbx-tag-2");
        h.fromPbx(fork);

        List<Sent> sent = net.takeSent();
        assertTrue(sent.stream().allMatch(s -> s.side() == SipSide.INSIDE), "the phone sees one answer");
        List<String> methods = sent.stream().map(s -> s.request().getMethod()).toList();
        assertEquals(List.of("ACK", "BYE"), methods, "the second answer was neither ACKed nor released");
        assertTrue(sent.stream().allMatch(s -> "pbx-tag-2".equals(s.request().getTo().getTag())));
        assertEquals(2, h.dialogs(), "the first fork's call goes on");
    }

    @Test
    void acksAndReleasesA2xxThatCrossedTheCancel() {
        SIPRequest invite = h.inviteReachingPbx();
        h.fromPbx(ShardHarness.pbxAnswer(invite, 180));
        h.fromPhone(phoneCancel());
        net.takeSent();

        h.fromPbx(ShardHarness.pbxAnswer(invite, 200));

        List<Sent> sent = net.takeSent();
        assertTrue(sent.stream().allMatch(s -> s.side() == SipSide.INSIDE), FakeNetwork.describe(sent));
        assertEquals(List.of("ACK", "BYE"), sent.stream().map(s -> s.request().getMethod()).toList());
        assertEquals(0, h.dialogs());
    }

    /**
     * Parallel ringing: fork 1 rings (180, tag 1), fork 2 answers (200, tag 2). The answer is
     * the call; the forking proxy cancels fork 1 itself.
     */
    @Test
    void connectsTheForkThatAnswersAfterAnotherRang() throws Exception {
        SIPRequest invite = h.inviteReachingPbx();
        h.fromPbx(ShardHarness.pbxAnswer(invite, 180));
        net.takeSent();

        SIPResponse answer = ShardHarness.pbxAnswer(invite, 200);
        answer.getTo().setTag("pbx-tag-2");
        h.fromPbx(answer);

        List<Sent> sent = net.takeSent();
        assertTrue(sent.stream().anyMatch(s -> s.side() == SipSide.OUTSIDE && s.isResponse(200)),
                () -> "the caller never got the answer: " + FakeNetwork.describe(sent));
        assertTrue(sent.stream().noneMatch(s -> s.isRequest("BYE")),
                () -> "the callee who answered was hung up: " + FakeNetwork.describe(sent));
    }
}

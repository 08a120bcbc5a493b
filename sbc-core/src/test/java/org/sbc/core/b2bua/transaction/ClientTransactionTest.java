package org.sbc.core.b2bua.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.FakeNetwork;
import org.sbc.core.b2bua.FakeNetwork.Sent;
import org.sbc.core.b2bua.Target;
import org.sbc.core.codec.JainTrees;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.codec.SipUri;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.InboundBacklog;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.SipMessages;

/** RFC 3261 §17.1 client transactions (and RFC 6026's Accepted state) on a virtual clock. */
class ClientTransactionTest {

    private static final Timers TIMERS = ServerTransactionTest.TIMERS;
    private static final InetSocketAddress PBX = FakeNetwork.address("10.0.0.2", 5060);

    private final FakeNetwork net = new FakeNetwork();
    private final TransactionLayer layer = new TransactionLayer(net.loop(), net.outbound(), TIMERS);
    private final Recorder user = new Recorder();
    private final Target udp = FakeNetwork.udp(SipSide.INSIDE, PBX);

    /** What the transaction passed up, and when (virtual ms). */
    final class Recorder implements TransactionUser {
        final List<Integer> statuses = new ArrayList<>();
        final List<Long> timeouts = new ArrayList<>();
        final List<Failure> failures = new ArrayList<>();

        @Override
        public void onResponse(ClientTransaction transaction, SipResponse response) {
            statuses.add(response.status());
        }

        @Override
        public void onFailure(ClientTransaction transaction, Failure failure) {
            if (failure == Failure.TIMEOUT) {
                timeouts.add(net.now());
            }
            failures.add(failure);
        }
    }

    /** A request as the B2BUA sends it towards the PBX: our Via, our branch. */
    static SipRequest ours(String method, String branch) {
        return FakeNetwork.sipRequest(SipMessages.request(method, "sip:bob@10.0.0.2")
                .header("Via", "SIP/2.0/UDP 10.0.0.10:5060;branch=" + branch + ";rport")
                .header("From", "<sip:alice@10.0.0.10>;tag=ours-1")
                .header("To", "<sip:bob@10.0.0.2>")
                .header("Call-ID", "s0-call-1").text());
    }

    /** The PBX's answer: a fresh parse each time, as a retransmission would be. */
    static SipResponse answer(SipRequest request, int status) {
        SIPResponse response = JainTrees.tree(request).createResponse(status);
        try {
            if (status > 100) {
                response.getTo().setTag("pbx-tag");
            }
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
        return FakeNetwork.sipResponse(response.encode());
    }

    private static List<Long> times(List<Sent> sent) {
        return sent.stream().map(Sent::atMillis).toList();
    }

    @Test
    void inviteClientRetransmitsOverUdpWithTimerADoublingUntilTimerB() {
        SipRequest invite = ours("INVITE", "z9hG4bKa1");
        layer.startClient(invite, udp, user, null);

        net.advance(TIMERS.timeout() - 1);

        List<Sent> sent = net.takeSent();
        assertTrue(sent.stream().allMatch(s -> s.isRequest("INVITE") && s.side() == SipSide.INSIDE
                && PBX.equals(s.recipient())));
        // Timer A: T1, doubling without cap; timer B bounds it.
        assertEquals(List.of(0L, 500L, 1_500L, 3_500L, 7_500L, 15_500L, 31_500L), times(sent));
        assertEquals(List.of(), user.timeouts);
    }

    @Test
    void timerAWaitsWhileOurOwnSocketHoldsUnreadDatagramsThenResumesItsSchedule() {
        InboundBacklog.Socket socket = net.backlog().watch();
        socket.readEnded(true); // our socket is behind from the start: the answer may be in it
        layer.startClient(ours("INVITE", "z9hG4bKh1"), udp, user, null);

        net.advance(600);
        assertEquals(List.of(0L), times(net.takeSent()), "nothing at 500: held");

        socket.readEnded(false); // at 600 a read empties it, and no answer was there
        net.advance(1_100);

        // Looked at every 20 ms: sent at 620, and the next interval doubles from there.
        assertEquals(List.of(620L, 1_620L), times(net.takeSent()));
        assertEquals(1, net.counters().get(Counter.RETRANSMISSIONS_HELD));
    }

    @Test
    void heldRetransmissionsWaitTogetherAndGoInTheOrderTheyFellDue() {
        InboundBacklog.Socket socket = net.backlog().watch();
        socket.readEnded(true);
        layer.startClient(ours("INVITE", "z9hG4bKh4"), udp, user, null);
        net.advance(5);
        layer.startClient(ours("INVITE", "z9hG4bKh5"), udp, user, null);
        net.advance(5);
        layer.startClient(ours("INVITE", "z9hG4bKh6"), udp, user, null);
        net.advance(600);
        net.takeSent();
        assertEquals(3, layer.heldRetransmissions());

        socket.readEnded(false);
        net.advance(20);

        List<Sent> sent = net.takeSent();
        assertEquals(List.of(620L, 620L, 620L), times(sent));
        assertEquals(List.of("z9hG4bKh4", "z9hG4bKh5", "z9hG4bKh6"),
                sent.stream().map(s -> s.request().getTopmostVia().getBranch()).toList());
        assertEquals(0, layer.heldRetransmissions());
        assertEquals(3, net.counters().get(Counter.RETRANSMISSIONS_HELD));
    }

    @Test
    void aHeldRetransmissionGoesAfterTwoT1EvenIfOurSocketNeverEmpties() {
        InboundBacklog.Socket socket = net.backlog().watch();
        socket.readEnded(true);
        layer.startClient(ours("OPTIONS", "z9hG4bKh2"), udp, user, null);

        net.advance(TIMERS.timeout() - 1);

        // Due at 500, then 1 s, 2 s and T2 (4 s) after each send: each held 2 × T1 (1 s).
        assertEquals(List.of(0L, 1_500L, 3_500L, 6_500L, 11_500L, 16_500L, 21_500L, 26_500L, 31_500L),
                times(net.takeSent()));
        assertEquals(List.of(), user.timeouts, "timer F still ends it at 64 × T1");
        net.advance(1);
        assertEquals(1, user.timeouts.size());
    }

    @Test
    void anAnswerReadDuringTheHoldEndsIt() {
        InboundBacklog.Socket socket = net.backlog().watch();
        socket.readEnded(true);
        SipRequest invite = ours("INVITE", "z9hG4bKh3");
        layer.startClient(invite, udp, user, null);
        net.advance(700);
        net.takeSent();

        layer.onResponse(answer(invite, 180)); // it was in our socket all along
        socket.readEnded(false);
        net.advance(TIMERS.timeout());

        assertEquals(List.of(), net.takeSent());
        assertEquals(List.of(180), user.statuses);
    }

    @Test
    void nonInviteClientRetransmitsOverUdpWithTimerECappedAtT2() {
        layer.startClient(ours("OPTIONS", "z9hG4bKe1"), udp, user, null);

        net.advance(TIMERS.timeout() - 1);

        assertEquals(List.of(0L, 500L, 1_500L, 3_500L, 7_500L, 11_500L, 15_500L, 19_500L, 23_500L, 27_500L,
                31_500L), times(net.takeSent()));
    }

    @Test
    void nonInviteClientKeepsRetransmittingAtT2AfterAProvisional() {
        SipRequest options = ours("OPTIONS", "z9hG4bKe2");
        layer.startClient(options, udp, user, null);
        net.advance(600); // sent at 0 and 500; the next would be at 1500
        net.takeSent();

        assertTrue(layer.onResponse(answer(options, 100)));
        net.advance(10_000);

        // The pending retransmit (1500) still fires, then every T2.
        assertEquals(List.of(1_500L, 5_500L, 9_500L), times(net.takeSent()));
        assertEquals(List.of(100), user.statuses);
    }

    @Test
    void inviteClientStopsRetransmittingOnAProvisional() {
        SipRequest invite = ours("INVITE", "z9hG4bKa2");
        ClientTransaction client = layer.startClient(invite, udp, user, null);
        net.takeSent();

        layer.onResponse(answer(invite, 180));
        net.advance(TIMERS.timeout() - 1);

        assertEquals(ClientTransaction.State.PROCEEDING, client.state());
        assertEquals(List.of(), net.takeSent());
        assertEquals(List.of(180), user.statuses);
    }

    @Test
    void clientDoesNotRetransmitOverTcpButStillTimesOut() {
        EmbeddedChannel connection = net.tcpConnection(SipSide.INSIDE);
        layer.startClient(ours("INVITE", "z9hG4bKt1"), FakeNetwork.tcp(SipSide.INSIDE, PBX, connection), user, null);

        net.advance(TIMERS.timeout());

        Sent only = net.takeOne();
        assertSame(connection, only.channel());
        assertEquals(List.of(TIMERS.timeout()), user.timeouts);
        assertEquals(0, layer.clientCount());
    }

    @Test
    void timesOutAfter64T1ReportingOnTimeoutOnce() {
        SipRequest options = ours("OPTIONS", "z9hG4bKb1");
        ClientTransaction client = layer.startClient(options, udp, user, "owner");

        net.advance(TIMERS.timeout() - 1);
        assertEquals(List.of(), user.timeouts);
        assertEquals(1, layer.clientCount());

        net.advance(1);

        assertEquals(List.of(32_000L), user.timeouts);
        assertEquals(ClientTransaction.State.TERMINATED, client.state());
        assertEquals("owner", client.owner());
        assertEquals(0, layer.clientCount());
        assertFalse(layer.onResponse(answer(options, 200)), "a late answer finds no transaction");
        net.advance(100_000);
        assertEquals(List.of(32_000L), user.timeouts);
        assertFalse(net.timersPending());
    }

    @Test
    void nonInviteClientTimesOutWhileProceedingToo() {
        SipRequest options = ours("OPTIONS", "z9hG4bKb2");
        layer.startClient(options, udp, user, null);
        layer.onResponse(answer(options, 100));

        net.advance(TIMERS.timeout());

        assertEquals(List.of(32_000L), user.timeouts, "timer F runs in Trying and Proceeding");
    }

    /**
     * RFC 3261 §17.1.1.2: timer B matters only in Calling. Once the callee rings, the INVITE
     * waits for the TU (CANCEL, or the early-dialog limit): a phone may ring for longer than 32 s.
     */
    @Test
    void inviteClientDoesNotTimeOutOnceProceeding() {
        SipRequest invite = ours("INVITE", "z9hG4bKb3");
        ClientTransaction client = layer.startClient(invite, udp, user, null);
        net.advance(100);
        layer.onResponse(answer(invite, 180));

        net.advance(TIMERS.timeout() + 60_000);

        assertEquals(List.of(), user.timeouts, "a ringing INVITE was timed out");
        assertEquals(ClientTransaction.State.PROCEEDING, client.state());
        assertTrue(layer.onResponse(answer(invite, 200)), "the late answer still finds its transaction");
        assertEquals(List.of(180, 200), user.statuses);
    }

    @Test
    void acksNonSuccessFinalItselfAndReAcksItsRetransmission() {
        SipRequest invite = ours("INVITE", "z9hG4bKc1");
        ClientTransaction client = layer.startClient(invite, udp, user, null);
        net.advance(100);
        net.takeSent();

        assertTrue(layer.onResponse(answer(invite, 486)));

        SIPRequest ack = net.takeOne().request();
        assertEquals(SIPRequest.ACK, ack.getMethod());
        assertEquals("z9hG4bKc1", ack.getTopmostVia().getBranch(), "the ACK for a non-2xx is in the INVITE's transaction");
        assertEquals(1, ack.getViaHeaders().size());
        assertEquals(invite.cseq(), ack.getCSeq().getSeqNumber());
        assertEquals(SIPRequest.ACK, ack.getCSeq().getMethod());
        assertEquals("pbx-tag", ack.getTo().getTag());
        assertEquals(invite.fromTag(), ack.getFrom().getTag());
        assertEquals(invite.callId(), ack.getCallId().getCallId());
        assertEquals(invite.requestUri(), SipUri.parse(ack.getRequestURI().toString()));
        assertEquals(ClientTransaction.State.COMPLETED, client.state());
        assertEquals(List.of(486), user.statuses);

        assertTrue(layer.onResponse(answer(invite, 486)));

        assertEquals(SIPRequest.ACK, net.takeOne().request().getMethod(), "a retransmitted final is ACKed again");
        assertEquals(List.of(486), user.statuses, "and not passed up twice");

        net.advance(TIMERS.timerD() - 1);
        assertEquals(List.of(), net.takeSent(), "no INVITE retransmission after the final");
        assertEquals(1, layer.clientCount());
        net.advance(1); // timer D
        assertEquals(0, layer.clientCount());
        assertEquals(List.of(), user.timeouts);
    }

    @Test
    void inviteClientOverTcpEndsAtOnceAfterAckingNonSuccessFinal() {
        EmbeddedChannel connection = net.tcpConnection(SipSide.INSIDE);
        SipRequest invite = ours("INVITE", "z9hG4bKc2");
        layer.startClient(invite, FakeNetwork.tcp(SipSide.INSIDE, PBX, connection), user, null);
        net.takeSent();

        layer.onResponse(answer(invite, 503));
        net.advance(0);

        assertEquals(SIPRequest.ACK, net.takeOne().request().getMethod());
        assertEquals(0, layer.clientCount(), "timer D is zero over TCP");
    }

    @Test
    void passesSuccessRetransmissionsUpWhileAccepted() {
        SipRequest invite = ours("INVITE", "z9hG4bKd1");
        ClientTransaction client = layer.startClient(invite, udp, user, null);
        net.takeSent();

        layer.onResponse(answer(invite, 200));
        assertEquals(ClientTransaction.State.ACCEPTED, client.state());
        assertEquals(List.of(), net.takeSent(), "the ACK for a 2xx belongs to the dialog, not the transaction");

        net.advance(TIMERS.timeout() - 1);
        assertTrue(layer.onResponse(answer(invite, 200)));
        assertTrue(layer.onResponse(answer(invite, 486)), "a stray non-2xx is absorbed while accepted");

        assertEquals(List.of(200, 200), user.statuses);
        assertEquals(List.of(), net.takeSent());

        net.advance(1); // timer M

        assertEquals(0, layer.clientCount());
        assertEquals(List.of(), user.timeouts, "an answered INVITE never reports a timeout");
    }

    @Test
    void nonInviteClientLingersForTimerKOverUdp() {
        SipRequest options = ours("OPTIONS", "z9hG4bKk1");
        layer.startClient(options, udp, user, null);
        layer.onResponse(answer(options, 200));
        net.takeSent();

        layer.onResponse(answer(options, 200));
        net.advance(TIMERS.t4() - 1);

        assertEquals(List.of(200), user.statuses, "retransmitted finals are absorbed");
        assertEquals(List.of(), net.takeSent(), "no retransmission after the final");
        assertEquals(1, layer.clientCount());
        net.advance(1); // timer K: T4
        assertEquals(0, layer.clientCount());
    }

    /**
     * While it lingers for timer K a completed non-INVITE transaction holds neither its request nor
     * its owner (a relayed BYE's owner is the whole ended call); its user still had both when the
     * final answer reached it.
     */
    @Test
    void completedNonInviteLetsGoOfItsRequestAndOwnerAfterItsUserHeardTheAnswer() {
        SipRequest bye = ours("BYE", "z9hG4bKk2");
        List<Object> seenByUser = new ArrayList<>();
        TransactionUser reader = new TransactionUser() {
            @Override
            public void onResponse(ClientTransaction transaction, SipResponse response) {
                seenByUser.add(transaction.request());
                seenByUser.add(transaction.owner());
            }

            @Override
            public void onFailure(ClientTransaction transaction, Failure failure) {}
        };
        ClientTransaction client = layer.startClient(bye, udp, reader, "the call");

        layer.onResponse(answer(bye, 200));

        assertEquals(List.of(bye, "the call"), seenByUser);
        assertEquals(ClientTransaction.State.COMPLETED, client.state());
        assertNull(client.request());
        assertNull(client.owner());
        assertTrue(layer.onResponse(answer(bye, 200)), "a retransmitted answer is still absorbed");
        assertEquals(2, seenByUser.size());
    }

    @Test
    void provisionalKeepsTheRequestAndOwnerOfANonInvite() {
        SipRequest bye = ours("BYE", "z9hG4bKk3");
        ClientTransaction client = layer.startClient(bye, udp, user, "the call");

        layer.onResponse(answer(bye, 100));

        assertSame(bye, client.request());
        assertEquals("the call", client.owner());
    }

    @Test
    void strayResponsesFindNoTransaction() {
        SipRequest options = ours("OPTIONS", "z9hG4bKs1");
        layer.startClient(options, udp, user, null);

        assertFalse(layer.onResponse(answer(ours("OPTIONS", "z9hG4bKother"), 200)));
        assertFalse(layer.onResponse(answer(ours("INFO", "z9hG4bKs1"), 200)), "same branch, another method");
        assertEquals(List.of(), user.statuses);
    }

    @Test
    void terminateEndsTheTransactionAndItsTimersAtOnce() {
        ClientTransaction client = layer.startClient(ours("INVITE", "z9hG4bKx1"), udp, user, null);
        net.takeSent();

        client.terminate();

        assertEquals(0, layer.clientCount());
        net.advance(100_000);
        assertEquals(List.of(), net.takeSent());
        assertEquals(List.of(), user.timeouts);
        assertFalse(net.timersPending());
    }

    @Test
    void tablesAreEmptyOnceEveryTimerHasRun() {
        // Every way a transaction can end, over both transports, at once.
        EmbeddedChannel connection = net.tcpConnection(SipSide.INSIDE);
        Target tcp = FakeNetwork.tcp(SipSide.INSIDE, PBX, connection);
        SipRequest rejected = ours("INVITE", "z9hG4bKe-1");
        SipRequest answered = ours("INVITE", "z9hG4bKe-2");
        SipRequest ok = ours("OPTIONS", "z9hG4bKe-3");
        SipRequest tcpOk = ours("OPTIONS", "z9hG4bKe-4");
        layer.startClient(rejected, udp, user, null);
        layer.startClient(answered, udp, user, null);
        layer.startClient(ok, udp, user, null);
        layer.startClient(tcpOk, tcp, user, null);
        layer.startClient(ours("INVITE", "z9hG4bKe-5"), udp, user, null); // never answered
        layer.startClient(ours("BYE", "z9hG4bKe-6"), tcp, user, null); // never answered
        layer.onResponse(answer(rejected, 404));
        layer.onResponse(answer(answered, 200));
        layer.onResponse(answer(ok, 200));
        layer.onResponse(answer(tcpOk, 200));

        SipRequest serverInvite = ServerTransactionTest.fromPhone("INVITE");
        Target phone = FakeNetwork.udp(SipSide.OUTSIDE, FakeNetwork.address("192.0.2.1", 5062));
        layer.createServer(serverInvite, phone).respond(serverInvite.response(486, "Busy Here"));
        SipRequest serverOptions = FakeNetwork.sipRequest(SipMessages.options()
                .header("Via", "SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-srv-2;rport").text());
        layer.createServer(serverOptions, phone).respond(serverOptions.response(200, "OK"));
        assertEquals(6, layer.clientCount());
        assertEquals(2, layer.serverCount());

        net.advance(TIMERS.timerD() + TIMERS.timeout());

        assertEquals(0, layer.clientCount());
        assertEquals(0, layer.serverCount());
        assertFalse(net.timersPending(), "no timer outlives its transaction");
        assertEquals(List.of(32_000L, 32_000L), user.timeouts);
    }

    @Test
    void endsAtOnceWithAPromptAnswerWhenTheRequestCannotBeSent() {
        EmbeddedChannel gone = net.tcpConnection(SipSide.OUTSIDE);
        gone.close();
        net.sockets().connector((side, address) -> gone.newFailedFuture(new java.net.ConnectException("refused")));
        Target phone = new Target(SipSide.OUTSIDE, Transport.TCP, FakeNetwork.address("192.0.2.1", 40000),
                Optional.of(gone));

        layer.startClient(ours("INVITE", "z9hG4bK-gone"), phone, user, null);
        net.advance(0);

        assertEquals(List.of(new Failure(480, "Temporarily Unavailable")), user.failures, "not Timer B's 408");
        assertEquals(0, layer.clientCount());
        net.advance(TIMERS.timeout() + 1);
        assertEquals(1, user.failures.size(), "reported once");
    }

    @Test
    void answers503WhenThePbxCannotBeReached() {
        net.sockets().connector((side, address) ->
                net.tcpConnection(side).newFailedFuture(new java.net.ConnectException("refused")));
        Target pbx = Target.of(SipSide.INSIDE, Transport.TCP, PBX);

        layer.startClient(ours("OPTIONS", "z9hG4bK-pbx-down"), pbx, user, null);
        net.advance(0);

        assertEquals(List.of(new Failure(503, "Service Unavailable")), user.failures);
    }
}

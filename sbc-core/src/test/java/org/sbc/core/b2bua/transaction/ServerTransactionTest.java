package org.sbc.core.b2bua.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.FakeNetwork;
import org.sbc.core.b2bua.FakeNetwork.Sent;
import org.sbc.core.b2bua.Target;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.memory.EntryCosts;
import org.sbc.core.sip.Responses;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.InboundBacklog;
import org.sbc.core.sip.SipSide;
import org.sbc.core.testing.SipMessages;

/** RFC 3261 §17.2 server transactions on a virtual clock: T1 500 ms, T2 4 s, T4 5 s. */
class ServerTransactionTest {

    static final Timers TIMERS = new Timers(500, 4_000, 5_000);
    private static final InetSocketAddress PHONE = FakeNetwork.address("192.0.2.1", 5062);

    private final FakeNetwork net = new FakeNetwork();
    private final TransactionLayer layer = new TransactionLayer(net.loop(), net.outbound(), TIMERS);
    private final Responses responses = new Responses(Optional.empty());
    private final Target udp = FakeNetwork.udp(SipSide.OUTSIDE, PHONE);

    /** A request from the phone; every call gives a fresh object, as a retransmission parses to. */
    static SipRequest fromPhone(String method) {
        return FakeNetwork.sipRequest(SipMessages.request(method, "sip:bob@198.51.100.10").text());
    }

    /** The ACK a UAC sends for a non-2xx final: same branch as its INVITE, the response's To-tag. */
    static SipRequest ackFor(SipResponse response) {
        return FakeNetwork.sipRequest(SipMessages.request("ACK", "sip:bob@198.51.100.10")
                .header("CSeq", "1 ACK")
                .header("To", "<sip:127.0.0.1>;tag=" + response.toTag()).text());
    }

    private SipResponse answer(SipRequest request, int status) {
        return responses.create(request, status, "Status " + status);
    }

    /** A server transaction for {@code request} that answered 200 and was released. */
    private ServerTransaction answeredAndReleased(SipRequest request) {
        ServerTransaction server = layer.createServer(request, udp);
        server.respond(answer(request, 200));
        server.release();
        return server;
    }

    private static List<Long> times(List<Sent> sent) {
        return sent.stream().map(Sent::atMillis).toList();
    }

    @Test
    void absorbsRetransmittedRequestByResendingLastResponse() {
        SipRequest options = fromPhone("OPTIONS");
        ServerTransaction server = layer.createServer(options, udp);
        SipResponse ok = answer(options, 200);
        server.respond(ok);
        assertEquals(200, net.takeOne().response().getStatusCode());

        assertTrue(layer.absorb(fromPhone("OPTIONS")));

        Sent again = net.takeOne();
        assertEquals(200, again.response().getStatusCode());
        assertEquals(ok.toTag(), again.response().getTo().getTag());
        assertEquals(PHONE, again.recipient());
        assertEquals(1, layer.serverCount());
    }

    @Test
    void aReleasedTransactionStillAnswersRetransmissionsAndWeighsLessAgainstTheBound() {
        SipRequest bye = fromPhone("BYE");
        ServerTransaction server = layer.createServer(bye, udp);
        server.release(); // before its answer: nothing to let go of yet
        assertSame(bye, server.request());
        assertEquals(1, layer.serverLoad());

        for (int i = 0; i < 10; i++) {
            SipRequest another = FakeNetwork.sipRequest(SipMessages.request("BYE", "sip:bob@198.51.100.10")
                    .header("Via", "SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bKrelease" + i).text());
            assertEquals(null, answeredAndReleased(another).request());
        }
        server.respond(answer(bye, 200));
        server.release();
        net.takeSent();

        assertEquals(11, layer.serverCount());
        // eleven light ones (about 900 bytes each: their fixed cost, keys and a 200 of ~300 bytes)
        // weigh as one or two full ones of 10,240 bytes, rounded up
        assertTrue(layer.serverLoad() <= 2, "load " + layer.serverLoad());
        assertTrue(layer.absorb(fromPhone("BYE")));
        assertEquals(200, net.takeOne().response().getStatusCode());
        net.advance(TIMERS.timeout()); // timer J
        assertEquals(0, layer.serverCount());
        assertEquals(0, layer.serverLoad());
    }

    /**
     * A lingering transaction weighs the bytes it keeps, not a fixed figure: its keys and its
     * answer are as long as the sender made them (here a 20,000-character Request-URI, which the
     * merge key of a request outside a dialog holds).
     */
    @Test
    void aLingeringTransactionWeighsWhatItKeeps() {
        ServerTransaction small = answeredAndReleased(fromPhone("OPTIONS"));
        ServerTransaction big = answeredAndReleased(FakeNetwork.sipRequest(SipMessages.request("OPTIONS",
                "sip:" + "b".repeat(20_000) + "@198.51.100.10")
                .header("Via", "SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bKlong").text()));

        assertTrue(small.lingeringBytes() >= EntryCosts.LINGERING_SERVER_TRANSACTION);
        assertTrue(small.lingeringBytes() < 2 * EntryCosts.LINGERING_SERVER_TRANSACTION,
                "small: " + small.lingeringBytes());
        assertTrue(big.lingeringBytes() - small.lingeringBytes() >= 19_900,
                "big: " + big.lingeringBytes() + ", small: " + small.lingeringBytes());
        assertEquals(3, layer.serverLoad(), "20,000 bytes and more weigh as two full ones and a bit");
        net.advance(TIMERS.timeout());
        assertEquals(0, layer.serverLoad());
    }

    @Test
    void absorbsRetransmittedInviteByResendingTheLastProvisional() {
        SipRequest invite = fromPhone("INVITE");
        layer.createServer(invite, udp).respond(answer(invite, 180));
        net.takeSent();

        assertTrue(layer.absorb(fromPhone("INVITE")));

        assertEquals(180, net.takeOne().response().getStatusCode());
    }

    @Test
    void absorbsRetransmissionSilentlyBeforeAnyResponse() {
        layer.createServer(fromPhone("OPTIONS"), udp);

        assertTrue(layer.absorb(fromPhone("OPTIONS")));

        assertEquals(List.of(), net.takeSent());
    }

    @Test
    void doesNotAbsorbRequestOfAnotherTransaction() {
        layer.createServer(fromPhone("OPTIONS"), udp);

        assertFalse(layer.absorb(FakeNetwork.sipRequest(SipMessages.request("OPTIONS", "sip:bob@198.51.100.10")
                .header("Via", "SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-other;rport").text())));
        assertFalse(layer.absorb(FakeNetwork.sipRequest(SipMessages.request("OPTIONS", "sip:bob@198.51.100.10")
                .header("Via", "SIP/2.0/UDP 192.0.2.99:5062;branch=" + SipMessages.BRANCH + ";rport").text())),
                "same branch from another sent-by is another transaction");
        assertFalse(layer.absorb(fromPhone("MESSAGE")), "same branch, another method");
    }

    @Test
    void inviteServerRetransmitsNonSuccessFinalOverUdpWithTimerGUntilTimerH() {
        SipRequest invite = fromPhone("INVITE");
        ServerTransaction server = layer.createServer(invite, udp);
        server.respond(answer(invite, 486));
        assertEquals(486, net.takeOne().response().getStatusCode());
        assertEquals(ServerTransaction.State.COMPLETED, server.state());

        net.advance(TIMERS.timeout() - 1);

        List<Sent> retransmissions = net.takeSent();
        assertTrue(retransmissions.stream().allMatch(s -> s.isResponse(486)));
        // Timer G: T1, doubling, capped at T2.
        assertEquals(List.of(500L, 1_500L, 3_500L, 7_500L, 11_500L, 15_500L, 19_500L, 23_500L, 27_500L, 31_500L),
                times(retransmissions));
        assertEquals(1, layer.serverCount());

        net.advance(1); // timer H: 64 × T1 without an ACK

        assertEquals(ServerTransaction.State.TERMINATED, server.state());
        assertEquals(0, layer.serverCount());
        net.advance(60_000);
        assertEquals(List.of(), net.takeSent());
        assertFalse(net.timersPending());
    }

    @Test
    void timerGWaitsWhileTheAckMayBeInOurOwnSocket() {
        InboundBacklog.Socket socket = net.backlog().watch();
        SipRequest invite = fromPhone("INVITE");
        ServerTransaction server = layer.createServer(invite, udp);
        server.respond(answer(invite, 486));
        net.takeSent();
        socket.readEnded(true);

        net.advance(1_000);
        assertEquals(List.of(), net.takeSent(), "held at 500");
        socket.readEnded(false);
        net.advance(100);

        assertEquals(List.of(1_020L), times(net.takeSent()));
        assertEquals(1, net.counters().get(Counter.RETRANSMISSIONS_HELD));
    }

    @Test
    void inviteServerStopsRetransmittingOnAckAndLingersForTimerI() {
        SipRequest invite = fromPhone("INVITE");
        ServerTransaction server = layer.createServer(invite, udp);
        SipResponse busy = answer(invite, 486);
        server.respond(busy);
        net.advance(2_000);
        assertEquals(3, net.takeSent().size()); // 0, 500, 1500

        assertTrue(layer.absorb(ackFor(busy)));

        assertEquals(ServerTransaction.State.CONFIRMED, server.state());
        net.advance(TIMERS.t4() - 1);
        assertEquals(List.of(), net.takeSent(), "no retransmission after the ACK");
        assertTrue(layer.absorb(ackFor(busy)), "a retransmitted ACK is absorbed while confirmed");
        assertTrue(layer.absorb(fromPhone("INVITE")), "a late INVITE retransmission is absorbed too");
        assertEquals(List.of(), net.takeSent(), "and not answered once confirmed");
        assertEquals(1, layer.serverCount());

        net.advance(1); // timer I: T4

        assertEquals(0, layer.serverCount());
        assertFalse(net.timersPending());
    }

    @Test
    void inviteServerDoesNotRetransmitOverTcpAndEndsOnAck() {
        EmbeddedChannel connection = net.tcpConnection(SipSide.OUTSIDE);
        SipRequest invite = fromPhone("INVITE");
        ServerTransaction server = layer.createServer(invite, FakeNetwork.tcp(SipSide.OUTSIDE, PHONE, connection));
        SipResponse busy = answer(invite, 486);
        server.respond(busy);

        net.advance(10_000);

        Sent only = net.takeOne();
        assertSame(connection, only.channel());
        assertEquals(486, only.response().getStatusCode());
        assertEquals(1, layer.serverCount());

        assertTrue(layer.absorb(ackFor(busy)));
        net.advance(0);

        assertEquals(0, layer.serverCount(), "timer I is zero over TCP");
        assertEquals(List.of(), net.takeSent());
    }

    @Test
    void inviteServerAcceptsOnSuccessAbsorbingRetransmittedInvitesThenEnds() {
        SipRequest invite = fromPhone("INVITE");
        ServerTransaction server = layer.createServer(invite, udp);

        server.respond(answer(invite, 200));

        assertEquals(200, net.takeOne().response().getStatusCode());
        assertEquals(ServerTransaction.State.ACCEPTED, server.state(), "RFC 6026");
        assertTrue(layer.absorb(fromPhone("INVITE")), "a retransmitted INVITE is not a new call");
        net.advance(TIMERS.timeout() - 1);
        assertEquals(List.of(), net.takeSent(), "the dialog layer, not the transaction, retransmits a 2xx");
        assertEquals(1, layer.serverCount());
        net.advance(1);
        assertEquals(ServerTransaction.State.TERMINATED, server.state());
        assertEquals(0, layer.serverCount());
    }

    @Test
    void nonInviteServerLingersForTimerJThenRemovesItself() {
        SipRequest options = fromPhone("OPTIONS");
        ServerTransaction server = layer.createServer(options, udp);
        server.respond(answer(options, 200));
        net.takeSent();

        net.advance(TIMERS.timeout() - 1);

        assertEquals(List.of(), net.takeSent(), "a non-INVITE final is never retransmitted unprompted");
        assertEquals(ServerTransaction.State.COMPLETED, server.state());
        assertTrue(layer.absorb(fromPhone("OPTIONS")), "still absorbs late retransmissions");
        assertEquals(200, net.takeOne().response().getStatusCode());

        net.advance(1); // timer J: 64 × T1 over UDP

        assertEquals(ServerTransaction.State.TERMINATED, server.state());
        assertEquals(0, layer.serverCount());
        assertFalse(layer.absorb(fromPhone("OPTIONS")));
        assertFalse(net.timersPending());
    }

    @Test
    void nonInviteServerOverTcpRemovesItselfAtOnce() {
        EmbeddedChannel connection = net.tcpConnection(SipSide.OUTSIDE);
        SipRequest options = fromPhone("OPTIONS");
        layer.createServer(options, FakeNetwork.tcp(SipSide.OUTSIDE, PHONE, connection))
                .respond(answer(options, 200));

        net.advance(0);

        assertEquals(0, layer.serverCount(), "timer J is zero over TCP");
    }

    @Test
    void ignoresResponsesAfterTheFinalOne() {
        SipRequest options = fromPhone("OPTIONS");
        ServerTransaction server = layer.createServer(options, udp);
        server.respond(answer(options, 404));
        net.takeSent();

        server.respond(answer(options, 200));

        assertEquals(List.of(), net.takeSent());
        assertTrue(layer.absorb(fromPhone("OPTIONS")));
        assertEquals(404, net.takeOne().response().getStatusCode(), "the first final is the one repeated");
    }

    @Test
    void provisionalResponsesKeepTheTransactionProceeding() {
        SipRequest invite = fromPhone("INVITE");
        ServerTransaction server = layer.createServer(invite, udp);

        server.respond(answer(invite, 100));
        server.respond(answer(invite, 180));

        assertEquals(ServerTransaction.State.PROCEEDING, server.state());
        assertFalse(server.hasFinalResponse());
        assertFalse(layer.absorb(ackFor(answer(invite, 486))), "an ACK before any final is not the transaction's");
        net.advance(60_000);
        assertEquals(2, net.takeSent().size(), "provisionals are not retransmitted by the transaction");
        assertEquals(1, layer.serverCount(), "a proceeding transaction waits for its TU");
    }

    @Test
    void findsTheInviteTransactionOfACancel() {
        SipRequest invite = fromPhone("INVITE");
        ServerTransaction server = layer.createServer(invite, udp);

        assertSame(server, layer.findServer(fromPhone("CANCEL"), "INVITE").orElseThrow());
        assertTrue(layer.findServer(fromPhone("CANCEL"), "CANCEL").isEmpty());
    }

    /**
     * An INVITE answered 2xx and released lingers as bytes (timer L): a retransmission is
     * absorbed silently, a copy of it on another branch is a merged request, a CANCEL learns it
     * was answered; after 64 × T1 none of that holds.
     */
    @Test
    void anAcceptedInviteLingersAsBytesUntilTimerL() {
        SipRequest invite = fromPhone("INVITE");
        ServerTransaction server = layer.createServer(invite, udp);
        server.respond(answer(invite, 200));
        net.takeSent();
        server.release();
        SipRequest otherBranch = FakeNetwork.sipRequest(SipMessages.request("INVITE", "sip:bob@198.51.100.10")
                .header("Via", "SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bKcopy").text());

        assertEquals(1, layer.serverCount());
        assertTrue(layer.absorb(fromPhone("INVITE")));
        assertEquals(List.of(), net.takeSent(), "its 2xx is the dialog's to resend");
        assertFalse(layer.absorb(ackFor(answer(invite, 200))), "the ACK of a 2xx belongs to the dialog");
        assertTrue(layer.isMerged(otherBranch));
        assertFalse(layer.isMerged(fromPhone("INVITE")));
        assertTrue(layer.answered(fromPhone("CANCEL"), "INVITE"));

        net.advance(TIMERS.timeout() - 1);
        assertTrue(layer.absorb(fromPhone("INVITE")));
        net.advance(1);
        assertFalse(layer.absorb(fromPhone("INVITE")));
        assertFalse(layer.isMerged(otherBranch));
        assertFalse(layer.answered(fromPhone("CANCEL"), "INVITE"));
        assertEquals(0, layer.serverCount());
        assertEquals(0, layer.serverLoad());
        assertFalse(net.timersPending());
    }
}

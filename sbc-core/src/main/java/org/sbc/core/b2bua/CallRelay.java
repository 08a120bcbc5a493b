package org.sbc.core.b2bua;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sbc.core.codec.ContactEntry;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.PlainAck;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.codec.SipUri;
import org.sbc.core.admission.CallAdmission;
import org.sbc.core.b2bua.dialog.Call;
import org.sbc.core.b2bua.dialog.CallOrigin;
import org.sbc.core.b2bua.dialog.Leg;
import org.sbc.core.b2bua.transaction.ClientTransaction;
import org.sbc.core.b2bua.transaction.Failure;
import org.sbc.core.b2bua.transaction.ServerTransaction;
import org.sbc.core.b2bua.transaction.TimerLanes;
import org.sbc.core.b2bua.transaction.TransactionUser;
import org.sbc.core.events.CallRecord;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.media.CallMedia;
import org.sbc.core.sip.SecurityLabels;
import org.sbc.core.media.CallMedia.Outcome;
import org.sbc.core.media.MediaTotals;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

/**
 * Calls: an INVITE from one side becomes an independent INVITE on the other (own Call-ID, tags,
 * Via, Contact, CSeq); responses, CANCEL, ACK and every in-dialog request (BYE, re-INVITE,
 * UPDATE, PRACK, INFO, MESSAGE, REFER, NOTIFY, OPTIONS) are relayed leg to leg, and every path
 * that ends a call removes it from every table.
 */
final class CallRelay {

    /** Requests that can change the peer's target, so they carry our Contact (RFC 3261 §12.2). */
    private static final Set<String> TARGET_REFRESH = Set.of(
            "INVITE", "UPDATE", "SUBSCRIBE", "NOTIFY", "REFER");

    private final Shard shard;
    private final B2buaContext context;

    private final DialogRecovery recovery;
    private final SdpExchange sdp;

    CallRelay(Shard shard) {
        this.shard = shard;
        this.context = shard.context;
        this.recovery = new DialogRecovery(shard, this);
        this.sdp = new SdpExchange(context, call -> shard.loop.execute(() -> mediaTimedOut(call)));
    }

    /** A confirmed call rebuilt from a dialog handle: into the tables, with its lifetime left. */
    void adopt(Call call, long millisLeft) {
        shard.register(call, call.a());
        shard.register(call, call.b());
        call.addTimer(timers().oneOff(() -> hangUp(call), Math.max(1, millisLeft)));
    }

    // ---- a new call ----

    /** @param authenticatedUser the account that authenticates this INVITE, if any (Shard.callerAccount) */
    void onInvite(SipRequest invite, SipSide side, Target replyTarget, Optional<String> authenticatedUser) {
        Optional<Call> opened = open(invite, side, replyTarget, authenticatedUser);
        if (opened.isEmpty()) {
            return;
        }
        Call call = opened.get();
        Leg b = call.b();
        Target bTarget = b.peer();
        call.invite().respond(context.response(invite, 100, "Trying"));
        context.counters.increment(Counter.CALLS_STARTED);

        SipRequest outgoing = request(call, b, "INVITE", invite);
        if (refused(call.invite(), sdp.offer(call, call.a().side(), outgoing))) {
            end(call);
            return;
        }
        b.lastInviteCseq(outgoing.cseq());
        call.outgoingInvite(shard.transactions.startClient(outgoing, bTarget, initialInviteUser, call));
        if (call.terminated()) {
            return; // the INVITE could not even be sent: the caller has its answer, the call is gone
        }
        call.earlyTimer(timers().schedule(() -> earlyTimeout(call), context.config.earlyDialogSeconds() * 1000L));
        call.addTimer(timers().schedule(() -> hangUp(call), context.config.maxDialogSeconds() * 1000L));
    }

    /**
     * The common start of a dialog-creating request (INVITE, SUBSCRIBE): routing, auth, limits,
     * the two legs and the tables. Empty when it was answered here instead.
     */
    private Optional<Call> open(SipRequest request, SipSide side, Target replyTarget, Optional<String> authenticatedUser) {
        InetAddress limited = side == SipSide.OUTSIDE ? replyTarget.address().getAddress() : null;
        Optional<NextHop> hop = context.router.route(side, request.requestUri());
        if (hop.isEmpty()) {
            shard.reject(request, replyTarget, 404, "Not Found");
            return Optional.empty();
        }
        if (context.blockedByAuth(request, side, replyTarget)) {
            shard.reject(request, replyTarget, 403, "Forbidden");
            return Optional.empty();
        }
        if (!context.admit(limited)) {
            context.counters.increment(Counter.CALLS_REFUSED);
            shard.rejectStatelessly(request, replyTarget, 503, "Service Unavailable");
            return Optional.empty();
        }
        Optional<CallAdmission.Refusal> refused = context.admitCall(request, side, replyTarget, authenticatedUser);
        if (refused.isPresent()) {
            context.release(limited);
            shard.reject(request, replyTarget, refused.get().code(), refused.get().reason());
            return Optional.empty();
        }
        ServerTransaction server = shard.transactions.createServer(request, replyTarget);
        NameAddress from = request.from().orElseThrow();
        NameAddress to = request.to().orElseThrow();
        Leg a = new Leg(side, replyTarget, request.callId(), to, context.sip.tag(), from, from.tag(), 0);
        a.remoteTarget(request.contactUri().orElse(from.uri().orElse(null)));
        a.routeSetFrom(request, false);
        Leg b = new Leg(side.other(), hop.get().target(), context.sip.callId(shard.index),
                from, context.sip.tag(), to, null, 0);
        b.remoteTarget(hop.get().requestUri());
        Call call = new Call(a, b, limited);
        call.labels(labels(request));
        call.origin(CallOrigin.of(request, context.media != null));
        call.invite(server.owner(call));
        shard.register(call, a);
        shard.register(call, b);
        return Optional.of(call);
    }

    /**
     * The edge's labels of the request that opens a call; credentials the edge did not verify went
     * on to the PBX, which judges them (the username they name is the caller's word).
     */
    private static SecurityLabels labels(SipRequest request) {
        SecurityLabels labels = request.labels();
        if (labels.auth() != SecurityLabels.Auth.NONE) {
            return labels;
        }
        return pbxCredentialsUser(request).map(user -> labels.withAuth(SecurityLabels.Auth.PBX, user)).orElse(labels);
    }

    /**
     * The username of the credentials a request carries for the PBX to judge (Proxy-Authorization
     * first, then Authorization), if any: with pass-through auth, the account the PBX verifies; a
     * request whose credentials it refuses is answered 401/407/403 and its call ends there.
     */
    static Optional<String> pbxCredentialsUser(SipRequest request) {
        return request.credentials(true).stream().findFirst()
                .or(() -> request.credentials(false).stream().findFirst())
                .map(credentials -> credentials.parameter("username"))
                .filter(user -> user != null && !user.isEmpty());
    }

    // ---- subscriptions: a dialog made by SUBSCRIBE (RFC 6665), ended by a terminating NOTIFY ----

    void onSubscribe(SipRequest subscribe, SipSide side, Target replyTarget) {
        Optional<Call> opened = open(subscribe, side, replyTarget, Optional.empty()); // admission counts INVITEs only
        if (opened.isEmpty()) {
            return;
        }
        Call call = opened.get();
        call.subscription(true);
        Leg b = call.b();
        SipRequest outgoing = request(call, b, "SUBSCRIBE", subscribe);
        shard.transactions.startClient(outgoing, b.peer(), subscribeUser, call);
        call.addTimer(timers().schedule(() -> end(call), context.config.maxDialogSeconds() * 1000L));
    }

    private final TransactionUser subscribeUser = new TransactionUser() {
        @Override
        public void onResponse(ClientTransaction transaction, SipResponse response) {
            Call call = (Call) transaction.owner();
            int status = response.status();
            if (status < 200 || call.terminated() || call.invite().hasFinalResponse()) {
                return;
            }
            context.judgedByPbx(call.invite().request(), call.a().side(), call.invite().replyTarget(), status);
            if (status < 300) {
                Leg b = call.b();
                b.remoteTag(response.toTag());
                b.routeSetFrom(response, true);
                response.contactUri().ifPresent(b::remoteTarget);
                call.state(Call.State.CONFIRMED);
                relayResponse(call, call.invite(), call.a(), response);
                storeConfirmed(call, b);
                return;
            }
            relayResponse(call, call.invite(), call.a(), response);
            end(call);
        }

        @Override
        public void onFailure(ClientTransaction transaction, Failure failure) {
            Call call = (Call) transaction.owner();
            if (!call.invite().hasFinalResponse()) {
                call.invite().respond(
                        context.response(call.invite().request(), failure.status(), failure.reasonPhrase()));
            }
            end(call);
        }
    };

    private final TransactionUser initialInviteUser = new TransactionUser() {
        @Override
        public void onResponse(ClientTransaction transaction, SipResponse response) {
            onInitialInviteResponse((Call) transaction.owner(), response);
        }

        @Override
        public void onEnded(ClientTransaction transaction) {
            // RFC 6026 timer M: the callee's 2xx retransmissions no longer reach the call, so
            // the ACK kept to answer them, and the transaction itself, go.
            Call call = (Call) transaction.owner();
            call.lastAckToB(null);
            if (call.outgoingInvite() == transaction) {
                call.outgoingInvite(null);
            }
        }

        @Override
        public void onFailure(ClientTransaction transaction, Failure failure) {
            Call call = (Call) transaction.owner();
            if (!call.terminated() && !call.invite().hasFinalResponse()) {
                call.invite().respond(
                        context.response(call.invite().request(), failure.status(), failure.reasonPhrase()));
            }
            end(call);
        }
    };

    private void onInitialInviteResponse(Call call, SipResponse response) {
        int status = response.status();
        Leg b = call.b();
        String tag = response.toTag();
        if (status >= 200 && call.state() == Call.State.EARLY && !call.terminated()) {
            context.judgedByPbx(call.invite().request(), call.a().side(), call.invite().replyTarget(), status);
        }
        if (call.terminated() || call.cancelled()) {
            if (status >= 200 && status < 300) {
                // A 2xx that crossed our CANCEL: the callee answered a call the caller gave up.
                b.remoteTag(tag);
                b.routeSetFrom(response, true);
                response.contactUri().ifPresent(b::remoteTarget);
                sendAck(b, b.lastInviteCseq(), null);
                sendBye(b);
                end(call);
            } else if (status < 200 && call.cancelPending()) {
                call.cancelPending(false);
                sendCancel(call);
            } else if (status >= 300) {
                end(call); // the callee's 487 (or any final) settles a cancelled call
            }
            return;
        }
        if (status == 100) {
            // Any provisional, 100 included, allows a CANCEL (RFC 3261 §9.1); it is not relayed:
            // the caller already has our own 100.
            call.provisionalSeen(true);
            return;
        }
        if (status < 200) {
            if (call.state() != Call.State.EARLY) {
                return; // a provisional after the final answer (another fork's): nothing to tell
            }
            if (tag != null && b.remoteTag() == null) {
                b.remoteTag(tag);
            }
            b.routeSetFrom(response, true);
            response.contactUri().ifPresent(b::remoteTarget);
            call.provisionalSeen(true);
            relayResponse(call, call.invite(), call.a(), response);
            return;
        }
        if (status < 300) {
            if (call.state() == Call.State.CONFIRMED) {
                if (tag != null && !tag.equals(b.remoteTag())) {
                    // A second fork answered: we keep one dialog per call and release the other.
                    Leg fork = forkLeg(b, tag, response);
                    sendAck(fork, b.lastInviteCseq(), null);
                    sendBye(fork);
                } else {
                    resendAck(call, tag);
                }
                return;
            }
            // The first 2xx wins, whichever fork rang before it.
            b.remoteTag(tag);
            b.routeSetFrom(response, true);
            response.contactUri().ifPresent(b::remoteTarget);
            call.state(Call.State.CONFIRMED);
            context.counters.increment(Counter.CALLS_ANSWERED);
            context.counters.callSetup().observeNanos(call.ageNanos());
            SipResponse ok = relayResponse(call, call.invite(), call.a(), response);
            sdp.confirmed(call);
            storeConfirmed(call, b);
            expectAck(call, call.a(), call.invite().request().cseq(), b, b.lastInviteCseq(), ok,
                    call.invite());
            return;
        }
        context.counters.callSetup().observeNanos(call.ageNanos());
        relayResponse(call, call.invite(), call.a(), response);
        end(call);
    }

    // ---- CANCEL and ACK ----

    void onCancel(SipRequest cancel, Target replyTarget) {
        if (shard.transactions.answered(cancel, "INVITE")) {
            // RFC 3261 §9.2: the INVITE was answered (its call may be confirmed and the
            // transaction released): the CANCEL is answered and has no effect.
            shard.reject(cancel, replyTarget, 200, "OK");
            return;
        }
        Optional<ServerTransaction> invite = shard.transactions.findServer(cancel, "INVITE");
        if (invite.isEmpty() || !(invite.get().owner() instanceof Call call)) {
            shard.reject(cancel, replyTarget, 481, "Call/Transaction Does Not Exist");
            return;
        }
        shard.reject(cancel, replyTarget, 200, "OK");
        if (call.terminated() || call.cancelled()) {
            return;
        }
        call.cancelled(true);
        invite.get().respond(context.response(invite.get().request(), 487, "Request Terminated"));
        context.counters.increment(Counter.CALLS_CANCELLED);
        if (call.provisionalSeen()) {
            sendCancel(call);
        } else {
            // RFC 3261 §9.1: no CANCEL before a provisional; it goes when the first one arrives.
            call.cancelPending(true);
        }
    }

    private void sendCancel(Call call) {
        ClientTransaction invite = call.outgoingInvite();
        if (invite == null || invite.state() == ClientTransaction.State.TERMINATED || invite.request() == null) {
            end(call);
            return;
        }
        SipRequest cancel = invite.request().cancel();
        shard.transactions.startClient(cancel, invite.target(), TransactionUser.IGNORE, call);
        // The callee's 487 (or a 2xx that crossed the CANCEL) still arrives through the INVITE
        // transaction; the call ends there, or when that transaction times out.
    }

    void onAck(SipRequest ack, SipSide side) {
        Call call = shard.find(side, ack.callId(), ack.toTag());
        if (call == null) {
            context.counters.increment(Counter.UNHANDLED_DROPPED);
            return;
        }
        Call.PendingAck pending = call.pendingAck();
        Leg from = call.leg(side, ack.callId());
        if (pending == null || pending.ackFrom != from || pending.ackFromCseq != ack.cseq()) {
            return; // a retransmitted ACK, or one for a 2xx we no longer wait for
        }
        if (side == SipSide.OUTSIDE) {
            // An answered call whose caller completed the handshake: a history that a flood,
            // which never ACKs, cannot earn (new work from known sources goes first under pressure).
            context.shedding.known().remember(from.peer().address().getAddress());
        }
        confirm(call, pending, ack);
    }

    /**
     * The 2xx {@code pending} waits for is known to have arrived: its ACK ({@code ack}), or a BYE
     * from the same side (null here). The other leg gets its own ACK, and the call keeps only
     * what its dialogs need from now on.
     */
    private void confirm(Call call, Call.PendingAck pending, SipRequest ack) {
        cancel(pending);
        call.pendingAck(null);
        byte[] forwarded = sendAck(call, pending.ackTo, pending.ackToCseq, ack);
        if (pending.ackTo == call.b()) {
            call.lastAckToB(forwarded);
        }
        if (pending.server == call.invite()) {
            // Confirmed: the call keeps its dialogs, not the INVITE that opened it (what its
            // record and events say of it was taken when it came in), and its legs keep their
            // addresses as text until a request is built on them.
            call.invite().release();
            call.invite(null);
            call.a().compact();
            call.b().compact();
        }
    }

    // ---- in-dialog requests ----

    void onInDialog(SipRequest request, SipSide side, Target replyTarget) {
        Call call = shard.find(side, request.callId(), request.toTag());
        if (call == null && recovery.attempt(request, side, replyTarget)) {
            return;
        }
        if (call == null || call.terminated()) {
            shard.reject(request, replyTarget, 481, "Call/Transaction Does Not Exist");
            return;
        }
        Leg from = call.leg(side, request.callId());
        Leg to = call.other(from);
        if (to.remoteTag() == null) {
            // The other leg has no dialog yet (no tagged answer): nothing to send it on.
            shard.reject(request, replyTarget, 491, "Request Pending");
            return;
        }
        String method = request.method();
        Call.PendingAck pending = call.pendingAck();
        if ("BYE".equals(method) && pending != null && pending.ackFrom == from) {
            // A BYE from the side our 2xx went to proves the 2xx arrived; its ACK was lost or is
            // late (an overloaded moment drops datagrams). The other leg gets its ACK first: a UA
            // that meets a BYE in a dialog it still waits to see confirmed may drop it.
            confirm(call, pending, null);
        }
        if (TARGET_REFRESH.contains(method)) {
            request.contactUri().ifPresent(from::remoteTarget);
        }
        ServerTransaction server = shard.transactions.createServer(request, replyTarget).owner(call);
        SipRequest outgoing = request(call, to, method, request);
        if (SdpExchange.hasSdp(outgoing) && refused(server, "PRACK".equals(method)
                ? sdp.answer(call, from.side(), outgoing) : sdp.offer(call, from.side(), outgoing))) {
            return;
        }
        if ("INVITE".equals(method)) {
            to.lastInviteCseq(outgoing.cseq());
        }
        if ("PRACK".equals(method)) {
            outgoing.translateRAck(request, to.lastInviteCseq());
        }
        shard.transactions.startClient(outgoing, to.peer(), inDialogUser, new Relay(call, server, from, to));
        if ("BYE".equals(method)) {
            context.counters.increment(Counter.CALLS_ENDED_BY_BYE);
            call.ending(side == SipSide.OUTSIDE ? CallRecord.Ending.BYE_FROM_OUTSIDE
                    : CallRecord.Ending.BYE_FROM_INSIDE);
            call.stopTimers();
        }
    }

    /** A relayed in-dialog request: the call, the server transaction, and its direction. */
    private record Relay(Call call, ServerTransaction server, Leg from, Leg to) {}

    private final TransactionUser inDialogUser = new TransactionUser() {
        @Override
        public void onResponse(ClientTransaction transaction, SipResponse response) {
            Relay relay = (Relay) transaction.owner();
            String method = transaction.method();
            int status = response.status();
            if ("INVITE".equals(method) && status >= 200 && status < 300) {
                if (relay.server().hasFinalResponse()) {
                    resendAck(relay.call(), relay.to());
                    return;
                }
                response.contactUri().ifPresent(relay.to()::remoteTarget);
                SipResponse ok = relayResponse(relay.call(), relay.server(), relay.from(), response);
                expectAck(relay.call(), relay.from(), relay.server().request().cseq(), relay.to(),
                        relay.to().lastInviteCseq(), ok, relay.server());
                return;
            }
            if (status == 100) {
                return;
            }
            relayResponse(relay.call(), relay.server(), relay.from(), response);
            if ("BYE".equals(method) && status >= 200) {
                end(relay.call());
            } else if (relay.call().subscription() && "NOTIFY".equals(method) && status >= 200
                    && terminates(transaction.request())) {
                end(relay.call());
            }
            if (status >= 200 && !"INVITE".equals(method)) {
                relay.server().release(); // answered: what lingers is the answer's bytes
            }
        }

        @Override
        public void onFailure(ClientTransaction transaction, Failure failure) {
            Relay relay = (Relay) transaction.owner();
            if (!relay.server().hasFinalResponse()) {
                relay.server().respond(
                        context.response(relay.server().request(), failure.status(), failure.reasonPhrase()));
            }
            if ("BYE".equals(transaction.method())) {
                end(relay.call());
            }
        }
    };

    // ---- building and relaying ----

    /**
     * A request on {@code leg}, built from its dialog state, carrying what crosses from
     * {@code source}; {@code call} is null for requests the SBC makes on its own (BYE).
     */
    private SipRequest request(Call call, Leg leg, String method, SipRequest source) {
        long cseq = "ACK".equals(method) ? leg.lastInviteCseq()
                : source != null ? leg.cseqFor(source.cseq()) : leg.nextCseq();
        SipRequest request = context.sip.request(method, leg.remoteTarget(), leg.callId(), cseq,
                leg.localAddress(), leg.localTag(), leg.remoteAddress(), leg.remoteTag(),
                context.sip.via(leg.side(), leg.peer().transport()), SipFactory.forwardedMaxForwards(source));
        if (!leg.routeSet().isEmpty()) {
            request.setRoutes(leg.routeSet());
        }
        if (TARGET_REFRESH.contains(method)) {
            request.setContact(contactFor(call, leg));
        }
        if (source != null) {
            RelayHeaders.copy(source, request);
            DialogReferences.translate(request, leg.side().other(), context.directory);
        }
        return request;
    }

    /**
     * Our Contact on {@code leg}. With topology hiding its user part is the leg's dialog handle:
     * what lets any node holding the key (mask) or the store (strip) route the peer's next
     * in-dialog request without having seen this call.
     */
    private ContactEntry contactFor(Call call, Leg leg) {
        // A peer whose own Contact is sips gets ours as sips too (RFC 5630 §4.4.1).
        boolean sips = leg.remoteTarget() != null && leg.remoteTarget().isSip()
                && "sips".equals(leg.remoteTarget().scheme());
        if (context.topology == null || call == null) {
            return context.sip.contact(leg.side(), leg.peer().transport(), null, sips);
        }
        refreshHandle(call, leg);
        return context.sip.contact(leg.side(), leg.peer().transport(), leg.handle(), sips);
    }

    /**
     * Strip mode: the callee's handle was stored with the early TTL and before the caller's
     * handle existed; store it again for the dialog's life, naming the caller's. Mask mode has
     * nothing to store (the callee already holds its token).
     */
    private void storeConfirmed(Call call, Leg callee) {
        if (context.topology != null && !context.handlesSealed()) {
            refreshHandle(call, callee);
        }
    }

    private void refreshHandle(Call call, Leg leg) {
        long now = System.currentTimeMillis();
        boolean confirmed = call.state() == Call.State.CONFIRMED;
        long ttlSeconds = confirmed ? context.config.maxDialogSeconds() : context.config.earlyDialogSeconds() + 32L;
        DialogMapping mapping = DialogMapping.of(leg, call.other(leg),
                now + context.config.maxDialogSeconds() * 1000L, !context.handlesSealed());
        leg.handle(context.topology.contactHandle(Optional.ofNullable(leg.handle()), mapping.fields(),
                Duration.ofSeconds(ttlSeconds)));
    }

    /** Relays {@code response} from the far leg as the answer to {@code server}, on leg {@code to}. */
    private SipResponse relayResponse(Call call, ServerTransaction server, Leg to, SipResponse response) {
        int status = response.status();
        SipRequest request = server.request();
        SipResponse relayed = request.response(status, response.reasonPhrase());
        if (status > 100) {
            relayed.tagToIfAbsent(to.localTag());
        }
        if (status > 100 && status < 300 && TARGET_REFRESH.contains(request.method())) {
            relayed.setContact(contactFor(call, to));
        }
        if (status >= 300 && status < 400) {
            redirectThroughUs(response, relayed, to);
        }
        RelayHeaders.copy(response, relayed);
        anchorResponse(call, request, status, to.side().other(), relayed);
        server.respond(relayed);
        return relayed;
    }

    /**
     * The SDP of a response to {@code request}: the answer to the offer the request carried, or,
     * when it carried none (a late offer), an offer whose answer comes in the ACK or PRACK. A
     * refusal takes the pending offer back, so the media already running stays.
     */
    private void anchorResponse(Call call, SipRequest request, int status, SipSide from, SipResponse relayed) {
        if (status > 100 && status < 300 && SdpExchange.hasSdp(relayed)) {
            CallMedia.Result media = SdpExchange.hasSdp(request) ? sdp.answer(call, from, relayed)
                    : sdp.offer(call, from, relayed);
            if (media.outcome() != Outcome.ANCHORED) {
                SdpExchange.dropBody(relayed); // a response cannot be refused
            }
        } else if (status >= 300 && SdpExchange.hasSdp(request)) {
            sdp.rejected(call);
        }
    }

    /**
     * Answers {@code server} 488 (an SDP we cannot read, or one the SRTP policy refuses, with a
     * Warning saying what would be accepted) or 503 (no ports); true when refused.
     */
    private boolean refused(ServerTransaction server, CallMedia.Result media) {
        Outcome outcome = media.outcome();
        if (outcome == Outcome.ANCHORED) {
            return false;
        }
        SipResponse answer = outcome == Outcome.NOT_ACCEPTABLE
                ? context.response(server.request(), 488, "Not Acceptable Here")
                : context.response(server.request(), 503, "Service Unavailable");
        if (outcome == Outcome.NO_PORTS) {
            answer.retryAfter(30);
        }
        if (media.warning() != null) {
            // RFC 3261 §20.43, 399 with a pseudonym for the agent: the text says what would be
            // accepted; neither the agent nor the text names a host of either side.
            answer.warning(399, "sbc", media.warning());
        }
        server.respond(answer);
        return true;
    }

    /** No media for media.timeout_seconds: the phone is gone without a BYE. */
    private void mediaTimedOut(Call call) {
        if (!call.terminated()) {
            context.counters.increment(Counter.CALLS_ENDED_NO_MEDIA);
            call.ending(CallRecord.Ending.NO_MEDIA);
            context.events.emit(mediaTimeoutEvent(call));
            hangUp(call);
        }
    }

    /**
     * About the outside peer, who most often vanished (its NAT binding, its battery); many from
     * one source are calls set up only to hold ports and call slots. The request fields are the
     * INVITE's that made the call.
     */
    private SecurityEvent mediaTimeoutEvent(Call call) {
        Leg outside = call.a().side() == SipSide.OUTSIDE ? call.a() : call.b();
        Leg inside = call.other(outside);
        CallOrigin origin = call.origin();
        int seconds = context.media == null ? 0 : context.media.timeoutSeconds();
        return new SecurityEvent(Instant.now(), SecurityEventType.MEDIA_TIMEOUT, outside.peer().address(),
                Optional.of(outside.peer().transport()), "media",
                "no media either way for media.timeout_seconds " + seconds, "enforce",
                Map.of("caller", call.a() == outside ? "outside" : "inside",
                        "inside_call_id", inside.callId(),
                        "answered_seconds", Long.toString(Math.max(0, call.answeredMillis()) / 1000)),
                origin.userAgent(), origin.from(), origin.to(), origin.requestUri());
    }

    /**
     * A 3xx names where to try next; we keep only the user of each target and point it at us,
     * so the caller's retry comes back through the SBC and is routed like any new call.
     */
    private void redirectThroughUs(SipResponse response, SipResponse relayed, Leg to) {
        java.util.Set<String> users = new java.util.HashSet<>();
        for (ContactEntry target : response.contactEntries()) {
            String user = target.uri().filter(SipUri::isSip).map(SipUri::user).orElse(null);
            if (user != null && !user.isEmpty() && users.add(user)) {
                ContactEntry contact = context.sip.contact(to.side(), to.peer().transport(), user);
                String q = target.parameter("q");
                if (q != null) {
                    contact.parameterIfValid("q", q); // a q we cannot copy only loses the preference order
                }
                relayed.addContact(contact);
            }
        }
    }

    // ---- ACK for 2xx: end to end, with our own 2xx retransmission over UDP ----

    private void expectAck(Call call, Leg ackFrom, long ackFromCseq, Leg ackTo, long ackToCseq, SipResponse ok,
            ServerTransaction server) {
        Call.PendingAck previous = call.pendingAck();
        if (previous != null) {
            cancel(previous);
        }
        Call.PendingAck pending = new Call.PendingAck(ackFrom, ackFromCseq, ackTo, ackToCseq, ok, server);
        call.pendingAck(pending);
        if (ackFrom.peer().transport() == Transport.UDP) {
            pending.interval = shard.transactions.timers().t1();
            pending.retransmit = timers().schedule(() -> retransmitOk(call, pending, true), pending.interval);
        }
        pending.giveUp = timers().schedule(() -> {
            if (call.pendingAck() == pending) {
                // RFC 3261 §13.3.1.4: no ACK within 64 × T1 ends the dialog.
                context.counters.increment(Counter.CALLS_ENDED_NO_ACK);
                call.ending(CallRecord.Ending.NO_ACK);
                hangUp(call);
            }
        }, shard.transactions.timers().timeout());
    }

    private void retransmitOk(Call call, Call.PendingAck pending, boolean mayWait) {
        if (call.pendingAck() != pending || call.terminated()) {
            return;
        }
        // The ACK may be waiting in our own socket.
        if (mayWait && shard.transactions.holdRetransmission(() -> retransmitOk(call, pending, false))) {
            return;
        }
        context.outbound.send(pending.server.replyTarget(), pending.relayedOk);
        pending.interval = Math.min(pending.interval * 2, shard.transactions.timers().t2());
        pending.retransmit = timers().schedule(() -> retransmitOk(call, pending, true), pending.interval);
    }

    private static void cancel(Call.PendingAck pending) {
        if (pending.retransmit != null) {
            pending.retransmit.cancel();
        }
        if (pending.giveUp != null) {
            pending.giveUp.cancel();
        }
    }

    private TimerLanes timers() {
        return shard.transactions.lanes();
    }

    private void sendAck(Leg leg, long cseq, SipRequest source) {
        sendAck(null, leg, cseq, source);
    }

    /**
     * @param call the call whose ACK from the other leg this relays (its SDP answers a late offer)
     * @return the bytes it went out as (null when the sanitiser withheld it), to send again
     */
    private byte[] sendAck(Call call, Leg leg, long cseq, SipRequest source) {
        byte[] written = source == null || !source.hasBody() ? plainAck(leg, cseq) : null;
        byte[] bytes = written != null ? context.outbound.sanitised(leg.peer(), written)
                : context.outbound.encode(leg.peer(), ack(call, leg, cseq, source));
        if (bytes != null) {
            context.outbound.sendEncoded(leg.peer(), bytes, () -> { });
        }
        return bytes;
    }

    /** An ACK without a body written as bytes, not yet sanitised; null when it must be built as a message ({@link PlainAck}). */
    private byte[] plainAck(Leg leg, long cseq) {
        return PlainAck.encode(leg.remoteTarget(), leg.callId(), cseq, leg.localAddress(), leg.localTag(),
                leg.remoteAddress(), leg.remoteTag(), context.sip.via(leg.side(), leg.peer().transport()),
                leg.routeSet(), leg.peer().transport().token());
    }

    private SipRequest ack(Call call, Leg leg, long cseq, SipRequest source) {
        SipRequest ack = context.sip.request("ACK", leg.remoteTarget(), leg.callId(), cseq,
                leg.localAddress(), leg.localTag(), leg.remoteAddress(), leg.remoteTag(),
                context.sip.via(leg.side(), leg.peer().transport()), 70);
        if (!leg.routeSet().isEmpty()) {
            ack.setRoutes(leg.routeSet());
        }
        if (source != null) {
            RelayHeaders.copyBody(source, ack);
            if (call != null && SdpExchange.hasSdp(ack)
                    && sdp.answer(call, leg.side().other(), ack).outcome() != Outcome.ANCHORED) {
                SdpExchange.dropBody(ack); // an ACK cannot be refused
            }
        }
        return ack;
    }

    /** A retransmitted 2xx from the callee: our ACK was lost, send it again. */
    private void resendAck(Call call, String tag) {
        if (call.lastAckToB() != null && tag != null && tag.equals(call.b().remoteTag())) {
            context.outbound.sendEncoded(call.b().peer(), call.lastAckToB(), () -> { });
        }
    }

    private void resendAck(Call call, Leg leg) {
        if (call.pendingAck() == null || call.pendingAck().ackTo != leg) {
            sendAck(leg, leg.lastInviteCseq(), null);
        }
    }

    // ---- ending calls ----

    private void sendBye(Leg leg) {
        SipRequest bye = request(null, leg, "BYE", null);
        shard.transactions.startClient(bye, leg.peer(), TransactionUser.IGNORE, null);
    }

    private void earlyTimeout(Call call) {
        if (call.terminated() || call.cancelled() || call.state() != Call.State.EARLY) {
            return;
        }
        context.counters.increment(Counter.CALLS_EARLY_TIMEOUT);
        call.ending(CallRecord.Ending.EARLY_TIMEOUT);
        if (!call.invite().hasFinalResponse()) {
            call.invite().respond(context.response(call.invite().request(), 408, "Request Timeout"));
        }
        call.cancelled(true);
        if (call.provisionalSeen()) {
            sendCancel(call);
        } else {
            if (call.outgoingInvite() != null) {
                call.outgoingInvite().terminate();
            }
            end(call);
        }
    }

    /** Ends a confirmed call from the SBC's side: BYE on both legs (a subscription is just forgotten). */
    private void hangUp(Call call) {
        if (call.terminated()) {
            return;
        }
        if (call.subscription()) {
            end(call);
            return;
        }
        if (call.state() == Call.State.CONFIRMED) {
            call.ending(CallRecord.Ending.MAX_DURATION); // unless the no-ACK or no-media path said why first
            sendBye(call.a());
            sendBye(call.b());
        } else {
            earlyTimeout(call);
            return;
        }
        end(call);
    }

    private void end(Call call) {
        if (call.terminated()) {
            return;
        }
        CallRecord.Ending ending = call.ending();
        call.state(Call.State.TERMINATED);
        call.stopTimers();
        shard.unregister(call);
        Optional<MediaTotals> media = Optional.empty();
        if (call.media() != null) {
            call.media().close();
            media = Optional.of(MediaTotals.of(call.media().stats()));
            media.get().count(context.counters);
        }
        if (context.topology != null) {
            for (Leg leg : new Leg[] {call.a(), call.b()}) {
                if (leg.handle() != null) {
                    context.topology.release(leg.handle());
                }
            }
        }
        context.release(call.limitedSource());
        context.releaseCall(call.a().callId(), call.a().remoteTag(), call.answeredMillis());
        if (!call.subscription()) {
            CallRecord record = record(call, ending, media); // every table is released whatever it does
            context.callRecords.accept(record);
        }
        // The transactions outlive the call (RFC 6026: 32 s over UDP) and must not keep it alive
        // with them: the INVITE's lets go of the call and its request, and the outgoing INVITE's
        // Accepted state, there to re-ACK a retransmitted 2xx, has nothing left to ACK for.
        if (call.invite() != null) {
            call.invite().release();
        }
        if (call.outgoingInvite() != null && call.outgoingInvite().state() == ClientTransaction.State.ACCEPTED) {
            call.outgoingInvite().terminate();
        }
    }

    private static CallRecord record(Call call, CallRecord.Ending ending, Optional<MediaTotals> media) {
        Leg outside = call.a().side() == SipSide.OUTSIDE ? call.a() : call.b();
        long answered = call.answeredMillis();
        return new CallRecord(Instant.now(), ending, call.a() == outside, outside.peer().address(),
                call.other(outside).callId(), outside.callId(), call.ageMillis(),
                answered < 0 ? Optional.empty() : Optional.of(answered), media,
                call.origin().callerUser(), call.origin().calledUser(), call.labels());
    }

    private static boolean terminates(SipRequest notify) {
        return "terminated".equalsIgnoreCase(notify.subscriptionState());
    }

    private Leg forkLeg(Leg b, String tag, SipResponse response) {
        Leg fork = new Leg(b.side(), b.peer(), b.callId(), b.localAddress(), b.localTag(), b.remoteAddress(), tag,
                b.localCseq());
        fork.lastInviteCseq(b.lastInviteCseq());
        fork.routeSetFrom(response, true);
        fork.remoteTarget(response.contactUri().orElse(b.remoteTarget()));
        return fork;
    }
}

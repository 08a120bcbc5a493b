package org.sbc.core.b2bua;

import java.util.Optional;
import java.util.Set;
import org.sbc.core.b2bua.transaction.ClientTransaction;
import org.sbc.core.b2bua.transaction.Failure;
import org.sbc.core.b2bua.transaction.ServerTransaction;
import org.sbc.core.b2bua.transaction.TransactionUser;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.SipSide;

/**
 * Requests outside any dialog that do not create a call (OPTIONS not addressed to the SBC,
 * MESSAGE, INFO, PUBLISH, SUBSCRIBE and NOTIFY for now): relayed as a fresh request on the other
 * side, the final answer relayed back, and nothing kept once both transactions end.
 *
 * <p>A method no SIP specification defines is answered {@code 501 Not Implemented} here and never
 * relayed (RFC 3261 §21.5.2; RFC 4475 §3.1.1.5 says an endpoint rejects {@code RE%47IST%45R} so).
 * A proxy would forward it, but a B2BUA is the UAS of the request it receives and builds the one
 * it sends: it cannot know whether an unknown method creates a dialog or what it must copy.
 */
final class NonDialogRelay {

    /** RFC 3261 and the extensions that define methods: 3262, 3265/6665, 3311, 3428, 3515, 3903, 6086. */
    static final Set<String> KNOWN_METHODS = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER",
            "PRACK", "SUBSCRIBE", "NOTIFY", "UPDATE", "MESSAGE", "REFER", "PUBLISH", "INFO");

    private final Shard shard;
    private final B2buaContext context;

    NonDialogRelay(Shard shard) {
        this.shard = shard;
        this.context = shard.context;
    }

    void relay(SipRequest request, SipSide side, Target replyTarget) {
        if (!KNOWN_METHODS.contains(request.method())) {
            shard.reject(request, replyTarget, 501, "Not Implemented");
            return;
        }
        Optional<NextHop> hop = context.router.route(side, request.requestUri());
        if (hop.isEmpty()) {
            shard.reject(request, replyTarget, 404, "Not Found");
            return;
        }
        if (context.blockedByAuth(request, side, replyTarget)) {
            shard.reject(request, replyTarget, 403, "Forbidden");
            return;
        }
        ServerTransaction server = shard.transactions.createServer(request, replyTarget).owner(side);
        SipRequest outgoing = context.sip.request(request.method(), hop.get().requestUri(),
                context.sip.callId(shard.index), 1, request.from().orElseThrow(), context.sip.tag(),
                request.to().orElseThrow(), null, context.sip.via(side.other(), hop.get().target().transport()),
                SipFactory.forwardedMaxForwards(request));
        RelayHeaders.copy(request, outgoing);
        context.counters.increment(Counter.REQUESTS_RELAYED);
        shard.transactions.startClient(outgoing, hop.get().target(), user, server);
    }

    private final TransactionUser user = new TransactionUser() {
        @Override
        public void onResponse(ClientTransaction transaction, SipResponse response) {
            int status = response.status();
            if (status < 200) {
                return;
            }
            ServerTransaction server = (ServerTransaction) transaction.owner();
            context.judgedByPbx(server.request(), (SipSide) server.owner(), server.replyTarget(), status);
            SipResponse relayed = server.request().response(status, response.reasonPhrase());
            if (response.toTag() != null) {
                relayed.tagToIfAbsent(context.sip.tag());
            }
            RelayHeaders.copy(response, relayed);
            server.respond(relayed);
            server.release();
        }

        @Override
        public void onFailure(ClientTransaction transaction, Failure failure) {
            ServerTransaction server = (ServerTransaction) transaction.owner();
            server.respond(context.response(server.request(), failure.status(), failure.reasonPhrase()));
            server.release();
        }
    };
}

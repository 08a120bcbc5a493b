package org.sbc.core.b2bua;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipUri;
import org.sbc.core.b2bua.dialog.Call;
import org.sbc.core.b2bua.dialog.Leg;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.RequestFields;
import org.sbc.core.sip.SipSide;

/**
 * Rebuilds a call from the dialog handle in a request's Request-URI (our Contact user part)
 * when this node holds nothing for the dialog: after a restart, or on the node that took over
 * a failed one's address. A handle that does not resolve is refused and reported: in mask mode
 * that is a forged or foreign token (400), in strip mode an unknown or expired id (481).
 */
final class DialogRecovery {

    private static final int MAX_HANDLE = 4_096;

    private final Shard shard;
    private final B2buaContext context;
    private final CallRelay relay;

    DialogRecovery(Shard shard, CallRelay relay) {
        this.shard = shard;
        this.context = shard.context;
        this.relay = relay;
    }

    /** Starts recovering; false when the request carries no handle (the caller answers 481). */
    boolean attempt(SipRequest request, SipSide side, Target replyTarget) {
        if (context.topology == null || !request.requestUri().isSip()) {
            return false;
        }
        String handle = request.requestUri().user();
        if (handle == null || handle.isEmpty() || handle.length() > MAX_HANDLE) {
            return false;
        }
        context.topology.mappingOf(handle).whenComplete((mapping, error) -> shard.loop.execute(() ->
                resolved(request, side, replyTarget, handle, error == null ? mapping : Optional.empty())));
        return true;
    }

    private void resolved(SipRequest request, SipSide side, Target replyTarget, String handle,
            Optional<List<String>> fields) {
        if (shard.transactions.absorb(request)) {
            return; // a retransmission of a request already recovered
        }
        String callId = request.callId();
        if (shard.find(side, callId, request.toTag()) != null) {
            relay.onInDialog(request, side, replyTarget);
            return;
        }
        long now = System.currentTimeMillis();
        Optional<DialogMapping> mapping = fields.flatMap(DialogMapping::decode)
                .filter(m -> m.ySide() == side.other() && m.notAfterMillis() > now)
                .filter(m -> m.belongsTo(callId, request.toTag()));
        if (mapping.isEmpty()) {
            refuse(request, side, replyTarget);
            return;
        }
        Call call;
        try {
            call = rebuild(request, side, replyTarget, handle, mapping.get());
        } catch (IllegalArgumentException e) {
            refuse(request, side, replyTarget);
            return;
        }
        if (!context.admit(null)) {
            context.counters.increment(Counter.CALLS_REFUSED);
            shard.reject(request, replyTarget, 503, "Service Unavailable");
            return;
        }
        context.counters.increment(Counter.TOPOLOGY_DIALOGS_RECOVERED);
        relay.adopt(call, mapping.get().notAfterMillis() - now);
        relay.onInDialog(request, side, replyTarget);
    }

    /** An {@link IllegalArgumentException} when the mapping names an address that does not parse. */
    private Call rebuild(SipRequest request, SipSide side, Target replyTarget, String handle, DialogMapping mapping) {
        NameAddress from = request.from().orElseThrow();
        NameAddress to = request.to().orElseThrow();
        Leg x = new Leg(side, replyTarget, request.callId(), to, to.tag(), from, from.tag(), 0);
        Optional<SipUri> contact = request.contactUri();
        if (contact.isPresent()) {
            x.remoteTarget(contact.get());
        } else {
            x.remoteTarget(mapping.xTarget().orElseGet(() -> from.uri().orElse(null)));
        }
        x.routeSet(mapping.xRouteSet());
        x.handle(handle);
        Leg y = mapping.yLeg();
        Call call = new Call(x, y, null);
        call.state(Call.State.CONFIRMED);
        return call;
    }

    private void refuse(SipRequest request, SipSide side, Target replyTarget) {
        context.counters.increment(Counter.TOPOLOGY_HANDLES_REJECTED);
        boolean forged = context.handlesSealed();
        context.events.emit(new SecurityEvent(Instant.now(), SecurityEventType.BLOCK, replyTarget.address(),
                Optional.of(replyTarget.transport()), "topology",
                forged ? "topology.token_rejected" : "topology.handle_unknown", "enforce",
                Map.of("method", request.method(), "side", side.name().toLowerCase(java.util.Locale.ROOT)),
                RequestFields.userAgent(request), RequestFields.from(request), RequestFields.to(request),
                RequestFields.requestUri(request)));
        if (forged) {
            shard.reject(request, replyTarget, 400, "Bad Request");
        } else {
            shard.reject(request, replyTarget, 481, "Call/Transaction Does Not Exist");
        }
    }
}

package org.sbc.core.b2bua;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.message.SIPRequest;
import java.text.ParseException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.b2bua.dialog.Call;
import org.sbc.core.b2bua.dialog.Leg;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.RequestFields;

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
    boolean attempt(SIPRequest request, SipSide side, Target replyTarget) {
        if (context.handles == null || !(request.getRequestURI() instanceof SipUri uri)) {
            return false;
        }
        String handle = uri.getUser();
        if (handle == null || handle.isEmpty() || handle.length() > MAX_HANDLE) {
            return false;
        }
        context.handles.resolve(handle).whenComplete((mapping, error) -> shard.loop.execute(() ->
                resolved(request, side, replyTarget, handle, error == null ? mapping : Optional.empty())));
        return true;
    }

    private void resolved(SIPRequest request, SipSide side, Target replyTarget, String handle,
            Optional<byte[]> bytes) {
        if (shard.transactions.absorb(request)) {
            return; // a retransmission of a request already recovered
        }
        String callId = request.getCallId().getCallId();
        if (shard.find(side, callId, request.getTo().getTag()) != null) {
            relay.onInDialog(request, side, replyTarget);
            return;
        }
        long now = System.currentTimeMillis();
        Optional<DialogMapping> mapping = bytes.flatMap(DialogMapping::decode)
                .filter(m -> m.ySide() == side.other() && m.notAfterMillis() > now)
                .filter(m -> m.belongsTo(callId, request.getTo().getTag()));
        if (mapping.isEmpty()) {
            refuse(request, side, replyTarget);
            return;
        }
        Call call;
        try {
            call = rebuild(request, side, replyTarget, handle, mapping.get());
        } catch (ParseException e) {
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

    private Call rebuild(SIPRequest request, SipSide side, Target replyTarget, String handle, DialogMapping mapping)
            throws ParseException {
        Leg x = new Leg(side, replyTarget, request.getCallId().getCallId(), request.getTo().getAddress(),
                request.getTo().getTag(), request.getFrom().getAddress(), request.getFrom().getTag(), 0);
        Contact contact = (Contact) request.getHeader(Contact.NAME);
        if (contact != null && contact.getAddress() != null) {
            x.remoteTarget(contact.getAddress().getURI());
        } else {
            x.remoteTarget(mapping.xTarget(context.sip.addresses()).orElse(request.getFrom().getAddress().getURI()));
        }
        x.routeSet(mapping.xRouteSet(context.sip.addresses()));
        x.handle(handle);
        Leg y = mapping.yLeg(context.sip.addresses());
        Call call = new Call(x, y, null);
        call.state(Call.State.CONFIRMED);
        return call;
    }

    private void refuse(SIPRequest request, SipSide side, Target replyTarget) {
        context.counters.increment(Counter.TOPOLOGY_HANDLES_REJECTED);
        boolean forged = context.handlesSealed();
        context.events.emit(new SecurityEvent(Instant.now(), SecurityEventType.BLOCK, replyTarget.address(),
                Optional.of(replyTarget.transport()), "topology",
                forged ? "topology.token_rejected" : "topology.handle_unknown", "enforce",
                Map.of("method", request.getMethod(), "side", side.name().toLowerCase(java.util.Locale.ROOT)),
                RequestFields.userAgent(SipRequest.of(request)), RequestFields.from(SipRequest.of(request)), RequestFields.to(SipRequest.of(request)),
                RequestFields.requestUri(SipRequest.of(request))));
        if (forged) {
            shard.reject(request, replyTarget, 400, "Bad Request");
        } else {
            shard.reject(request, replyTarget, 481, "Call/Transaction Does Not Exist");
        }
    }
}

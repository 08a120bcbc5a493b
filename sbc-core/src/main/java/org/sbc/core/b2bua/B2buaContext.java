package org.sbc.core.b2bua;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.sbc.core.events.CallRecord;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.codec.SipUri;
import org.sbc.core.admission.CallAdmission;
import org.sbc.core.sip.SipSide;
import org.sbc.core.tls.TrunkCertificates;
import org.sbc.core.b2bua.dialog.Call;
import org.sbc.core.b2bua.pressure.KnownSources;
import org.sbc.core.b2bua.pressure.NewDialogRate;
import org.sbc.core.b2bua.pressure.NewWorkShedding;
import org.sbc.core.b2bua.registration.BindingCache;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.edge.auth.PassThroughWatcher;
import org.sbc.core.config.B2buaConfig;
import org.sbc.core.media.MediaAnchoring;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.Responses;
import org.sbc.core.topology.TopologyHider;

/**
 * What every shard shares: config, the binding cache, the router, the call limits. The limit
 * counters are the only cross-shard mutable state besides the binding cache; the per-source
 * table holds only sources with calls up, so it is bounded by max_dialogs.
 */
final class B2buaContext {

    final B2buaConfig config;
    final SipFactory sip;
    final Outbound outbound;
    final Responses responses;
    final Counters counters;
    final BindingCache bindings;
    final Router router;
    final PassThroughWatcher watcher;
    final AtomicInteger calls = new AtomicInteger();
    final ConcurrentHashMap<InetAddress, AtomicInteger> callsPerSource = new ConcurrentHashMap<>();
    /**
     * Every dialog of every shard, by side | Call-ID | our tag: how a REFER's Replaces on one
     * shard finds the call it names on another. Bounded by the calls themselves.
     */
    final ConcurrentHashMap<String, Call> directory = new ConcurrentHashMap<>();
    /** Topology hiding, for our Contacts' handles; null in unit tests of the B2BUA alone. */
    final TopologyHider topology;
    final SecurityEventSink events;
    /**
     * Call admission and fraud limits of the security policy; set once at start, before any call
     * (volatile rather than a constructor argument, to keep this wiring out of the constructors).
     */
    volatile CallAdmission admission = CallAdmission.NONE;
    /**
     * Which new work is refused before it costs a transaction (the memory budget, and sources
     * with history first under pressure); set once at start like {@link #admission}. The default
     * knows no source and never sees a new-dialog rate or a flood as pressure.
     */
    volatile NewWorkShedding shedding = new NewWorkShedding(
            new KnownSources(1, 1, System::currentTimeMillis, address -> false),
            new NewDialogRate(Integer.MAX_VALUE, System::currentTimeMillis), () -> false);
    /** Open server transactions one shard may hold: the memory budget's bound, set at start. */
    volatile int serverTransactionsPerShard = 200_000;
    /** The media relay; null without anchoring ({@code media.anchor: false}) and in unit tests. */
    final MediaAnchoring media;
    /** Where each ended call's record goes besides the log line: the JSON-lines file, or nowhere. */
    final Consumer<CallRecord> callRecords;

    B2buaContext(B2buaConfig config, SipFactory sip, Outbound outbound, Responses responses, Counters counters,
            BindingCache bindings, Router router, PassThroughWatcher watcher) {
        this(config, sip, outbound, responses, counters, bindings, router, watcher, null, SecurityEventSink.NONE);
    }

    B2buaContext(B2buaConfig config, SipFactory sip, Outbound outbound, Responses responses, Counters counters,
            BindingCache bindings, Router router, PassThroughWatcher watcher, TopologyHider topology,
            SecurityEventSink events) {
        this(config, sip, outbound, responses, counters, bindings, router, watcher, topology, events, null, record -> {});
    }

    B2buaContext(B2buaConfig config, SipFactory sip, Outbound outbound, Responses responses, Counters counters,
            BindingCache bindings, Router router, PassThroughWatcher watcher, TopologyHider topology,
            SecurityEventSink events, MediaAnchoring media, Consumer<CallRecord> callRecords) {
        this.callRecords = callRecords;
        this.config = config;
        this.sip = sip;
        this.outbound = outbound;
        this.responses = responses;
        this.counters = counters;
        this.bindings = bindings;
        this.router = router;
        this.watcher = watcher;
        this.topology = topology;
        this.events = events;
        this.media = media;
    }

    /** Mask mode: the handle is the sealed mapping itself, nothing is stored. */
    boolean handlesSealed() {
        return topology != null && topology.handlesSealed();
    }

    /** Pass-through auth: a blocked outside (source, username) is answered 403 here. */
    boolean blockedByAuth(SipRequest request, SipSide side, Target replyTarget) {
        return side == SipSide.OUTSIDE && watcher != null && watcher.blocked(request, replyTarget.address());
    }

    /**
     * Pass-through auth: the PBX's final answer to an outside request, for the failure counts; a
     * 401/407 to an INVITE was a digest challenge, not a call, for the fraud limits' call counts.
     */
    void judgedByPbx(SipRequest request, SipSide side, Target replyTarget, int status) {
        if (side == SipSide.OUTSIDE && status >= 200 && status < 300 && "REGISTER".equals(request.method())) {
            // a registration the PBX accepted (a call counts once its caller ACKs: CallRelay.onAck)
            shedding.known().remember(replyTarget.address().getAddress());
        }
        if (side == SipSide.OUTSIDE && (status == 401 || status == 407) && "INVITE".equals(request.method())) {
            admission.challenged(admissionKey(request.callId(), request.fromTag()));
        }
        if (side == SipSide.OUTSIDE && watcher != null && status >= 200) {
            watcher.onFinalResponse(request, replyTarget.address(), replyTarget.transport(), status);
        }
    }

    /** Takes a call slot; false when the total or the source's limit is reached. */
    boolean admit(InetAddress source) {
        if (calls.incrementAndGet() > config.maxDialogs()) {
            calls.decrementAndGet();
            return false;
        }
        if (source == null) {
            return true;
        }
        boolean[] admitted = {false};
        callsPerSource.compute(source, (k, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            admitted[0] = c.get() < config.maxDialogsPerSource();
            if (admitted[0]) {
                c.incrementAndGet();
            }
            return c.get() == 0 ? null : c;
        });
        if (!admitted[0]) {
            calls.decrementAndGet();
        }
        return admitted[0];
    }

    /** The policy's admission and fraud limits for an INVITE that opens a call; empty when admitted. */
    Optional<CallAdmission.Refusal> admitCall(SipRequest request, SipSide side, Target replyTarget,
            Optional<String> authenticatedUser) {
        if (!"INVITE".equals(request.method())) {
            return Optional.empty();
        }
        return admission.admit(admissionKey(request.callId(), request.fromTag()),
                side == SipSide.OUTSIDE, replyTarget.address().getAddress(),
                replyTarget.connection().map(c -> c.attr(TrunkCertificates.CERTIFIED_TRUNK).get()), authenticatedUser,
                request.from().flatMap(from -> from.uri()).map(SipUri::user).orElse(null),
                request.requestUri().user());
    }

    /** Every call end: what {@link #admitCall} counted is released (a call it never admitted is ignored). */
    void releaseCall(String callerCallId, String callerTag, long answeredMillis) {
        admission.release(admissionKey(callerCallId, callerTag), answeredMillis);
    }

    private static String admissionKey(String callId, String fromTag) {
        return callId + ";" + fromTag;
    }

    void release(InetAddress source) {
        calls.decrementAndGet();
        if (source != null) {
            callsPerSource.computeIfPresent(source, (k, c) -> c.decrementAndGet() == 0 ? null : c);
        }
    }

    /** A response of the SBC's own to {@code request}. */
    SipResponse response(SipRequest request, int status, String reasonPhrase) {
        return responses.create(request, status, reasonPhrase);
    }
}

package org.sbc.core.b2bua;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.sbc.core.b2bua.dialog.Call;
import org.sbc.core.codec.SipMessage;
import org.sbc.core.media.CallMedia;
import org.sbc.core.media.CallMedia.Outcome;
import org.sbc.core.media.MediaAnchoring;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.SipSide;

/**
 * Every SDP a call carries goes through the media anchor (RFC 3264 offer/answer): the copy built
 * for the other leg gets the anchored SDP, naming the SBC's address and the relay's ports on that
 * leg. A call's media starts with its first SDP. Without anchoring ({@code media.anchor: false})
 * every SDP passes as it is. Runs on the call's shard.
 */
final class SdpExchange {

    private final B2buaContext context;
    private final MediaAnchoring anchoring;
    private final Consumer<Call> onMediaTimeout;

    /** @param onMediaTimeout told (on the relay's thread) when a call carried no media for the timeout */
    SdpExchange(B2buaContext context, Consumer<Call> onMediaTimeout) {
        this.context = context;
        this.anchoring = context.media;
        this.onMediaTimeout = onMediaTimeout;
    }

    private static final CallMedia.Result NOTHING_TO_DO = new CallMedia.Result(Outcome.ANCHORED, null, null);
    private static final CallMedia.Result NO_PORTS = new CallMedia.Result(Outcome.NO_PORTS, null, null);
    private static final CallMedia.Result NOT_ACCEPTABLE = new CallMedia.Result(Outcome.NOT_ACCEPTABLE, null, null);

    /**
     * {@code outgoing}, on its way to the leg opposite {@code from}, carries an offer: anchor it.
     * {@link Outcome#ANCHORED} also when there is nothing to do (no SDP, no anchoring); a refusal
     * may carry the text of a Warning.
     */
    CallMedia.Result offer(Call call, SipSide from, SipMessage outgoing) {
        return exchange(call, from, outgoing, true);
    }

    /** As {@link #offer}, for the answer to the call's pending offer. */
    CallMedia.Result answer(Call call, SipSide from, SipMessage outgoing) {
        return exchange(call, from, outgoing, false);
    }

    /** The call was answered: its media clock may run. */
    void confirmed(Call call) {
        if (call.media() != null) {
            call.media().confirmed();
        }
    }

    /** The pending offer was refused: the media already flowing stays as it was. */
    void rejected(Call call) {
        if (call.media() != null) {
            call.media().rejected();
        }
    }

    static boolean hasSdp(SipMessage message) {
        return message.hasSdp();
    }

    /** What cannot be refused (a response, an ACK) crosses without an SDP the anchor could not carry. */
    static void dropBody(SipMessage message) {
        message.dropBody();
    }

    private CallMedia.Result exchange(Call call, SipSide from, SipMessage outgoing, boolean offer) {
        if (anchoring == null || !hasSdp(outgoing)) {
            return NOTHING_TO_DO;
        }
        if (call.media() == null) {
            Optional<CallMedia> media = anchoring.open(call.limitedSource(), context.counters, context.events, () -> onMediaTimeout.accept(call));
            if (media.isEmpty()) {
                context.counters.increment(Counter.MEDIA_REFUSED);
                return NO_PORTS;
            }
            call.media(media.get());
        }
        String sdp = new String(outgoing.body(), StandardCharsets.UTF_8);
        boolean fromOutside = from == SipSide.OUTSIDE;
        CallMedia.Result result;
        try {
            result = offer ? call.media().offer(fromOutside, sdp)
                    : call.media().answer(fromOutside, sdp, call.state() != Call.State.CONFIRMED);
        } catch (RuntimeException e) {
            // A bug of ours on some SDP: refusing it keeps the call's tables and timers whole,
            // where an exception here would strand a half-built call.
            context.counters.increment(Counter.MEDIA_REFUSED);
            return NOT_ACCEPTABLE;
        }
        if (result.outcome() != Outcome.ANCHORED) {
            context.counters.increment(Counter.MEDIA_REFUSED);
            return result;
        }
        outgoing.replaceBody(result.sdp().getBytes(StandardCharsets.UTF_8));
        return result;
    }
}

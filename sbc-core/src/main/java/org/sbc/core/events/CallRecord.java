package org.sbc.core.events;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.sbc.core.media.MediaTotals;
import org.sbc.core.sip.SecurityLabels;

/**
 * One call as it ended: how, between whom, how long, and what its media carried. Written once per
 * call by {@link CallRecordLog}; a record, not a security event (those are for decisions).
 *
 * @param fromOutside whether the caller was on the outside
 * @param outsidePeer the outside leg's signalling peer: the phone or trunk
 * @param insideCallId the Call-ID on the inside leg (ours for calls from the outside, the PBX's
 *     otherwise): what the PBX's logs show
 * @param outsideCallId the Call-ID on the outside leg; a caller's own text for calls from the outside
 * @param durationMillis from the first request to the end
 * @param answeredMillis from the answer to the end; empty when never answered
 * @param media what the relay carried; empty without anchored media (no SDP, {@code media.anchor: false})
 * @param callerUser the user part of the caller's From, as sent (attacker text for outside callers)
 * @param calledUser the user part of the Request-URI the caller dialled, as sent
 * @param labels what the edge decided about the call's INVITE: the policy rule, the caller's authentication
 */
public record CallRecord(Instant time, Ending ending, boolean fromOutside, InetSocketAddress outsidePeer,
        String insideCallId, String outsideCallId, long durationMillis, Optional<Long> answeredMillis,
        Optional<MediaTotals> media, Optional<String> callerUser, Optional<String> calledUser, SecurityLabels labels) {

    /** A record without security labels (no policy, nobody authenticated). */
    public CallRecord(Instant time, Ending ending, boolean fromOutside, InetSocketAddress outsidePeer,
            String insideCallId, String outsideCallId, long durationMillis, Optional<Long> answeredMillis,
            Optional<MediaTotals> media, Optional<String> callerUser, Optional<String> calledUser) {
        this(time, ending, fromOutside, outsidePeer, insideCallId, outsideCallId, durationMillis, answeredMillis,
                media, callerUser, calledUser, SecurityLabels.NONE);
    }

    /** Who ended the call: {@code outside}, {@code inside}, or {@code sbc} for the SBC's own timers. */
    public String endedBy() {
        return switch (ending) {
            case BYE_FROM_OUTSIDE -> "outside";
            case BYE_FROM_INSIDE -> "inside";
            case CANCELLED -> fromOutside ? "outside" : "inside";
            case NOT_ANSWERED -> fromOutside ? "inside" : "outside";
            case EARLY_TIMEOUT, NO_ACK, NO_MEDIA, MAX_DURATION, ENDED -> "sbc";
        };
    }

    /** When the first request of the call arrived. */
    public Instant started() {
        return time.minusMillis(durationMillis);
    }

    /** When it was answered, if it was. */
    public Optional<Instant> answered() {
        return answeredMillis.map(time::minusMillis);
    }

    /** Why a call ended. */
    public enum Ending {
        /** The outside peer sent BYE. */
        BYE_FROM_OUTSIDE,
        /** The inside peer sent BYE. */
        BYE_FROM_INSIDE,
        /** The caller sent CANCEL. */
        CANCELLED,
        /** The callee refused (a final non-2xx), or could not be reached. */
        NOT_ANSWERED,
        /** {@code b2bua.early_dialog_seconds} passed without an answer. */
        EARLY_TIMEOUT,
        /** The 2xx was never ACKed (RFC 3261 §13.3.1.4). */
        NO_ACK,
        /** No media either way for {@code media.timeout_seconds}. */
        NO_MEDIA,
        /** {@code b2bua.max_dialog_seconds} reached. */
        MAX_DURATION,
        /** Any other end of an answered call (a BYE that could not be relayed, a lost fork). */
        ENDED;

        /** As written in the record: {@code bye_from_outside}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CallRecord {
        requireNonNull(time, "time");
        requireNonNull(ending, "ending");
        requireNonNull(outsidePeer, "outsidePeer");
        requireNonNull(insideCallId, "insideCallId");
        requireNonNull(outsideCallId, "outsideCallId");
        requireNonNull(answeredMillis, "answeredMillis");
        requireNonNull(media, "media");
        requireNonNull(callerUser, "callerUser");
        requireNonNull(calledUser, "calledUser");
        requireNonNull(labels, "labels");
    }
}

package org.sbc.core.events;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.sbc.core.media.MediaTotals;

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
 */
public record CallRecord(Instant time, Ending ending, boolean fromOutside, InetSocketAddress outsidePeer,
        String insideCallId, String outsideCallId, long durationMillis, Optional<Long> answeredMillis,
        Optional<MediaTotals> media) {

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
    }
}

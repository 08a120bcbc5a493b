package org.sbc.core.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.sip.Transport;
import org.sbc.media.relay.Refusal;
import org.sbc.media.relay.RelaySession;

/**
 * The security event for a call whose media ports refused {@link RelaySession#REFUSALS_REPORTED_AT}
 * packets of one kind. The reason is a fixed phrase per kind, so that the summariser folds one
 * attacker's reports across calls into one line per interval; the call's own facts go in the
 * details. Never a key: the relay reports addresses and counts only.
 */
final class MediaEvents {

    static final String STEP = "media";

    private MediaEvents() {}

    /**
     * @param leg the leg whose port received the packet that reached the count
     * @param source who sent it
     * @param caller the call's outside signalling source; null when the call came from the inside
     */
    static SecurityEvent refusals(Refusal refusal, RelaySession.Leg leg, InetSocketAddress source,
            InetAddress caller, Instant now) {
        Map<String, String> details = new HashMap<>();
        details.put("leg", leg == RelaySession.Leg.A ? "outside" : "inside");
        details.put("threshold", Integer.toString(RelaySession.REFUSALS_REPORTED_AT));
        if (caller != null) {
            details.put("caller", caller.getHostAddress());
        }
        return new SecurityEvent(now, type(refusal), source, Optional.of(Transport.UDP), STEP, reason(refusal),
                "enforce", details, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static SecurityEventType type(Refusal refusal) {
        return switch (refusal) {
            case STRANGER -> SecurityEventType.RTP_BLEED;
            case MALFORMED -> SecurityEventType.MEDIA_MALFORMED;
            case SRTP_FAILED -> SecurityEventType.SRTP_FAILURE;
        };
    }

    private static String reason(Refusal refusal) {
        String what = switch (refusal) {
            case STRANGER -> "packets from sources the leg does not accept";
            case MALFORMED -> "datagrams that are not RTP/RTCP";
            case SRTP_FAILED -> "SRTP/SRTCP packets that did not authenticate";
        };
        return RelaySession.REFUSALS_REPORTED_AT + " " + what + ", in one call";
    }
}

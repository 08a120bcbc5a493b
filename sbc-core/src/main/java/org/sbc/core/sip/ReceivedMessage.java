package org.sbc.core.sip;

import static java.util.Objects.requireNonNull;

import org.sbc.core.codec.SipMessage;
import org.sbc.core.codec.SipRequest;

/**
 * A message that passed framing and parsing, with Via {@code received}/{@code rport} stamped.
 *
 * @param decodedNanos {@link System#nanoTime()} when its frame was cut (or, for a message made
 *     here, when it was made): where its handling time starts
 */
public record ReceivedMessage(SipMessage message, Peer peer, long decodedNanos) {

    public ReceivedMessage {
        requireNonNull(message, "message");
        requireNonNull(peer, "peer");
    }

    public ReceivedMessage(SipMessage message, Peer peer) {
        this(message, peer, System.nanoTime());
    }

    /** Nanoseconds since its frame was cut. */
    public long ageNanos() {
        return System.nanoTime() - decodedNanos;
    }

    public boolean isRequest() {
        return message.isRequest();
    }

    public SipRequest request() {
        return (SipRequest) message;
    }
}

package org.sbc.core.sip;

import static java.util.Objects.requireNonNull;

import org.sbc.core.codec.SipMessage;
import org.sbc.core.codec.SipRequest;

/** A message that passed framing and parsing, with Via {@code received}/{@code rport} stamped. */
public record ReceivedMessage(SipMessage message, Peer peer) {

    public ReceivedMessage {
        requireNonNull(message, "message");
        requireNonNull(peer, "peer");
    }

    public boolean isRequest() {
        return message.isRequest();
    }

    public SipRequest request() {
        return (SipRequest) message;
    }
}

package org.sbc.core.sip;

import static java.util.Objects.requireNonNull;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;

/** A message that passed framing and parsing, with Via {@code received}/{@code rport} stamped. */
public record ReceivedMessage(SIPMessage message, Peer peer) {

    public ReceivedMessage {
        requireNonNull(message, "message");
        requireNonNull(peer, "peer");
    }

    public boolean isRequest() {
        return message instanceof SIPRequest;
    }

    public SIPRequest request() {
        return (SIPRequest) message;
    }
}

package org.sbc.core.sip;

import static java.util.Objects.requireNonNull;

/** The bytes of exactly one SIP message, as cut by a transport's framing, and who sent them. */
public record SipFrame(byte[] bytes, Peer peer) {

    public SipFrame {
        requireNonNull(bytes, "bytes");
        requireNonNull(peer, "peer");
    }
}

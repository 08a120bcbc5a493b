package org.sbc.core.sip;

import static java.util.Objects.requireNonNull;

/**
 * The bytes of exactly one SIP message, as cut by a transport's framing, and who sent them.
 *
 * @param receivedNanos {@link System#nanoTime()} when framing cut it: where its handling time
 *     ({@code sbc_message_handling_seconds}) starts, so that parsing counts too
 */
public record SipFrame(byte[] bytes, Peer peer, long receivedNanos) {

    public SipFrame {
        requireNonNull(bytes, "bytes");
        requireNonNull(peer, "peer");
    }

    public SipFrame(byte[] bytes, Peer peer) {
        this(bytes, peer, System.nanoTime());
    }
}

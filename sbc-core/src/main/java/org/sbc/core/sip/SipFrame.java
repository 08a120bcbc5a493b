package org.sbc.core.sip;

import static java.util.Objects.requireNonNull;

import org.sbc.core.codec.HeaderBlockScan;

/**
 * The bytes of exactly one SIP message, as cut by a transport's framing, and who sent them.
 *
 * @param receivedNanos {@link System#nanoTime()} when framing cut it: where its handling time
 *     ({@code sbc_message_handling_seconds}) starts, so that parsing counts too
 * @param scan the scan of {@code bytes} when a step before the decoder made it (the UDP dispatch
 *     picking the frame's loop, the TCP framer finding its end), so that the decoder does not
 *     scan them again; null otherwise
 */
public record SipFrame(byte[] bytes, Peer peer, long receivedNanos, HeaderBlockScan scan) {

    public SipFrame {
        requireNonNull(bytes, "bytes");
        requireNonNull(peer, "peer");
    }

    public SipFrame(byte[] bytes, Peer peer, long receivedNanos) {
        this(bytes, peer, receivedNanos, null);
    }

    public SipFrame(byte[] bytes, Peer peer) {
        this(bytes, peer, System.nanoTime());
    }

    /** This frame with the scan of its bytes. */
    public SipFrame withScan(HeaderBlockScan scan) {
        return new SipFrame(bytes, peer, receivedNanos, scan);
    }
}

package org.sbc.media.relay;

import java.net.InetSocketAddress;

/**
 * The relay's local ports for one stream: what sbc-core writes into the SDP it sends to each
 * leg's peer ({@code rtpA}/{@code rtcpA} towards A's peer, {@code rtpB}/{@code rtcpB} towards
 * B's). RTCP is always RTP + 1.
 */
public record StreamPorts(InetSocketAddress rtpA, InetSocketAddress rtcpA, InetSocketAddress rtpB,
        InetSocketAddress rtcpB) {
}

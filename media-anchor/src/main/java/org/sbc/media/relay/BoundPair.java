package org.sbc.media.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** An RTP socket and its RTCP socket (port + 1), bound on one address, taken from {@code pool}. */
record BoundPair(PortPool pool, int port, Channel rtp, Channel rtcp) {

    private static final long CLOSE_WAIT_MILLIS = 2_000;

    InetSocketAddress rtpAddress() {
        return (InetSocketAddress) rtp.localAddress();
    }

    InetSocketAddress rtcpAddress() {
        return (InetSocketAddress) rtcp.localAddress();
    }

    /**
     * Closes both sockets and gives the pair back to the pool once they are closed: at once when
     * called off the I/O thread (so the ports are free when the caller goes on), from the close
     * listener when called on it.
     */
    void close() {
        ChannelFuture rtpClosed = rtp.close();
        ChannelFuture rtcpClosed = rtcp.close();
        if (rtp.eventLoop().inEventLoop()) {
            rtcpClosed.addListener(f -> rtpClosed.addListener(g -> pool.release(port)));
            return;
        }
        rtpClosed.awaitUninterruptibly(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        rtcpClosed.awaitUninterruptibly(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        pool.release(port);
    }
}

package org.sbc.core.testing;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * An {@link EmbeddedChannel} whose addresses are real {@link InetSocketAddress}es, so that a test
 * can play any source. The channel registers (and becomes active) only once the addresses are
 * set, so handlers that read the peer's address in {@code channelActive} see it.
 */
public final class FakeAddressChannel extends EmbeddedChannel {

    private final InetSocketAddress remote;
    private final InetSocketAddress local;

    /** {@code remote} may be null: an unconnected UDP socket has no remote address. */
    public FakeAddressChannel(InetSocketAddress remote, InetSocketAddress local, ChannelHandler... handlers) {
        super(false, false, handlers); // register: false, hasDisconnect: false
        this.remote = remote;
        this.local = local;
        try {
            register();
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the test channel", e);
        }
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }
}

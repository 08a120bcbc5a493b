package org.sbc.core.b2bua;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.sbc.core.config.ListenAddress;
import org.sbc.core.config.Transport;

/**
 * The SBC's own sockets on each side: the UDP channel that datagrams to that side leave from
 * (so they carry the SBC's address on that side), the listen entries that Via and Contact name,
 * and the way to open a TCP connection from that side.
 */
public final class SideSockets {

    private final Map<SipSide, Channel> udpChannels = new EnumMap<>(SipSide.class);
    private final Map<SipSide, ListenAddress> udpListen = new EnumMap<>(SipSide.class);
    private final Map<SipSide, ListenAddress> tcpListen = new EnumMap<>(SipSide.class);
    private volatile BiFunction<SipSide, InetSocketAddress, ChannelFuture> connector;

    /** Records a bound listener; the first of each transport per side is the one we speak from. */
    public synchronized void register(SipSide side, ListenAddress listen, Channel channel) {
        if (listen.transport() == Transport.UDP) {
            udpChannels.putIfAbsent(side, channel);
            udpListen.putIfAbsent(side, listen);
        } else {
            tcpListen.putIfAbsent(side, listen);
        }
    }

    public void connector(BiFunction<SipSide, InetSocketAddress, ChannelFuture> connector) {
        this.connector = connector;
    }

    public synchronized Optional<Channel> udpChannel(SipSide side) {
        return Optional.ofNullable(udpChannels.get(side));
    }

    /** The host:port we name in Via and Contact on {@code side} for {@code transport}. */
    public synchronized ListenAddress local(SipSide side, Transport transport) {
        ListenAddress preferred = transport == Transport.TCP ? tcpListen.get(side) : udpListen.get(side);
        ListenAddress fallback = transport == Transport.TCP ? udpListen.get(side) : tcpListen.get(side);
        ListenAddress chosen = preferred != null ? preferred : fallback;
        if (chosen == null) {
            throw new IllegalStateException("no listener on the " + side + " side");
        }
        return chosen;
    }

    public ChannelFuture connect(SipSide side, InetSocketAddress address) {
        return connector.apply(side, address);
    }
}

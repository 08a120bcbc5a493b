package org.sbc.core.b2bua;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.sbc.core.sip.InboundBacklog;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

/**
 * The SBC's own sockets on each side: the UDP channel that datagrams to that side leave from
 * (so they carry the SBC's address on that side), the listen entries that Via and Contact name,
 * and the way to open a TCP or TLS connection from that side.
 */
public final class SideSockets {

    /**
     * Per side, the UDP sockets of its first UDP listen entry: one per I/O thread when the
     * kernel spreads datagrams over SO_REUSEPORT sockets, all with the same address and port.
     * An immutable snapshot, read without a lock on every send.
     */
    private volatile Map<SipSide, List<Channel>> udpChannels = Map.of();
    private final Map<SipSide, ListenAddress> udpListens = new EnumMap<>(SipSide.class);
    private final Map<SipSide, Map<Transport, ListenAddress>> listens = new EnumMap<>(SipSide.class);
    private volatile BiFunction<SipSide, InetSocketAddress, ChannelFuture> connector;
    private volatile BiFunction<SipSide, InetSocketAddress, Optional<ChannelFuture>> tlsConnector;
    private final InboundBacklog backlog;

    public SideSockets() {
        this(new InboundBacklog());
    }

    /** @param backlog what the UDP sockets have left unread (the listeners report to it) */
    public SideSockets(InboundBacklog backlog) {
        this.backlog = backlog;
    }

    /** What our UDP sockets hold unread: whether a retransmission falling due is worth sending. */
    public InboundBacklog backlog() {
        return backlog;
    }

    /** Records a bound listener; the first of each transport per side is the one we speak from. */
    public void register(SipSide side, ListenAddress listen, Channel channel) {
        register(side, listen, channel == null ? List.of() : List.of(channel));
    }

    /** As above, with every socket bound for the entry (one per I/O thread for UDP). */
    public synchronized void register(SipSide side, ListenAddress listen, List<Channel> channels) {
        if (listen.transport() == Transport.UDP && udpListens.putIfAbsent(side, listen) == null) {
            Map<SipSide, List<Channel>> next = new EnumMap<>(SipSide.class);
            next.putAll(udpChannels);
            next.put(side, List.copyOf(channels));
            udpChannels = Map.copyOf(next);
        }
        listens.computeIfAbsent(side, s -> new EnumMap<>(Transport.class)).putIfAbsent(listen.transport(), listen);
    }

    public void connector(BiFunction<SipSide, InetSocketAddress, ChannelFuture> connector) {
        this.connector = connector;
    }

    /**
     * The UDP socket to send from on {@code side}: the one served by the calling thread when
     * there is one, so the write goes out at once instead of as a task handed to another I/O
     * thread, which has to be woken (before, every send from a thread other than the first
     * socket's went that way).
     */
    public Optional<Channel> udpChannel(SipSide side) {
        List<Channel> channels = udpChannels.getOrDefault(side, List.of());
        if (channels.isEmpty()) {
            return Optional.empty();
        }
        for (Channel channel : channels) {
            if (channel.eventLoop().inEventLoop()) {
                return Optional.of(channel);
            }
        }
        return Optional.of(channels.get(0));
    }

    /**
     * The host:port we name in Via and Contact on {@code side} for {@code transport}: the
     * listener of that transport, else of another stream transport for TCP and TLS, else any.
     */
    public synchronized ListenAddress local(SipSide side, Transport transport) {
        Map<Transport, ListenAddress> bound = listens.getOrDefault(side, Map.of());
        ListenAddress chosen = bound.get(transport);
        if (chosen == null && transport.isReliable()) {
            chosen = bound.get(transport == Transport.TLS ? Transport.TCP : Transport.TLS);
        }
        for (Transport other : Transport.values()) {
            chosen = chosen != null ? chosen : bound.get(other);
        }
        if (chosen == null) {
            throw new IllegalStateException("no listener on the " + side + " side");
        }
        return chosen;
    }

    /** How connections for TLS targets are opened; none (or an empty answer): sending to one fails. */
    public void tlsConnector(BiFunction<SipSide, InetSocketAddress, Optional<ChannelFuture>> tlsConnector) {
        this.tlsConnector = tlsConnector;
    }

    public ChannelFuture connect(SipSide side, InetSocketAddress address) {
        return connector.apply(side, address);
    }

    /** A new connection from {@code side} over {@code transport}: TCP, or TLS when a TLS connector is set. */
    public Optional<ChannelFuture> connect(SipSide side, Transport transport, InetSocketAddress address) {
        if (transport == Transport.TLS) {
            return Optional.ofNullable(tlsConnector).flatMap(c -> c.apply(side, address));
        }
        return Optional.of(connector.apply(side, address));
    }
}

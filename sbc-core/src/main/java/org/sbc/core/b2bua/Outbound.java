package org.sbc.core.b2bua;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sbc.core.codec.SipMessage;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.topology.TopologyHider;
import org.sbc.core.sip.DatagramFlush;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

/**
 * Sends the B2BUA's messages. UDP leaves from the side's own socket; TCP and TLS reuse the given
 * connection, else one already open to that address from that side, else open one. Open
 * outbound connections are remembered only while they are open, so the table is bounded by the
 * connections themselves (which the idle timeout closes).
 */
public final class Outbound {

    private record ConnectionKey(SipSide side, Transport transport, InetSocketAddress address) {}

    private final SideSockets sockets;
    private final Counters counters;
    private final ConcurrentHashMap<ConnectionKey, ChannelFuture> connections = new ConcurrentHashMap<>();
    private final Optional<TopologyHider> topology;

    /** Without topology hiding: for unit tests of the B2BUA's own logic. */
    public Outbound(SideSockets sockets, Counters counters) {
        this(sockets, counters, Optional.empty());
    }

    /** @param topology what every message to the outside passes last */
    public Outbound(SideSockets sockets, Counters counters, TopologyHider topology) {
        this(sockets, counters, Optional.of(topology));
    }

    private Outbound(SideSockets sockets, Counters counters, Optional<TopologyHider> topology) {
        this.sockets = sockets;
        this.counters = counters;
        this.topology = topology;
    }

    public Counters counters() {
        return counters;
    }

    public SideSockets sockets() {
        return sockets;
    }

    public void send(Target target, SipMessage message) {
        send(target, message, () -> { });
    }

    /**
     * Sends {@code message}; {@code onFailure} runs (once, on an I/O thread) when it cannot be:
     * no socket on that side, a TCP connection that cannot be opened, or a write that fails. A
     * message the sanitiser withholds is not a failure of the transport.
     */
    public void send(Target target, SipMessage message, Runnable onFailure) {
        byte[] bytes = encode(target, message);
        if (bytes == null) {
            return;
        }
        sendEncoded(target, bytes, onFailure);
    }

    /** Sends bytes {@link #encode} gave for the same target. */
    public void sendEncoded(Target target, byte[] bytes, Runnable onFailure) {
        if (target.transport() == Transport.UDP) {
            Optional<Channel> channel = sockets.udpChannel(target.side());
            if (channel.isEmpty()) {
                failed(onFailure);
                return;
            }
            write(channel.get(), new DatagramPacket(Unpooled.wrappedBuffer(bytes), target.address()), onFailure);
            return;
        }
        Optional<Channel> given = target.connection().filter(Channel::isActive);
        if (given.isPresent()) {
            write(given.get(), Unpooled.wrappedBuffer(bytes), onFailure);
            return;
        }
        ConnectionKey key = new ConnectionKey(target.side(), target.transport(), target.address());
        ChannelFuture[] opened = new ChannelFuture[1];
        ChannelFuture connection = connections.computeIfAbsent(key,
                k -> opened[0] = sockets.connect(k.side(), k.transport(), k.address()).orElse(null));
        if (connection == null) {
            failed(onFailure); // TLS to a peer that has no connection to us, and no way to open one
            return;
        }
        if (opened[0] == connection) {
            // Outside computeIfAbsent: a connect refused at once has closed its channel already,
            // and the listener, run right away, must not change the map while it is computing.
            connection.channel().closeFuture().addListener(f -> connections.remove(key, connection));
        }
        connection.addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                write(f.channel(), Unpooled.wrappedBuffer(bytes), onFailure);
            } else {
                connections.remove(key, connection);
                failed(onFailure);
            }
        });
    }

    /**
     * The bytes {@code message} goes out as to {@code target}, sanitised for the outside; null
     * when they would show the outside an inside name. What must be sent again later is kept as
     * these bytes instead of the message.
     */
    public byte[] encode(Target target, SipMessage message) {
        return sanitised(target, message.encode(target.transport().token()));
    }

    /**
     * {@code bytes}, a message written for {@code target}, as they may go there: sanitised for
     * the outside; null when they would show the outside an inside name.
     */
    public byte[] sanitised(Target target, byte[] bytes) {
        if (target.side() != SipSide.OUTSIDE || topology.isEmpty()) {
            return bytes;
        }
        Optional<byte[]> clean = topology.get().toOutside(bytes,
                () -> sockets.local(SipSide.OUTSIDE, target.transport()).address());
        if (clean.isEmpty()) {
            counters.increment(Counter.TOPOLOGY_LEAKS_BLOCKED);
            return null;
        }
        return clean.get();
    }

    private void write(Channel channel, Object message, Runnable onFailure) {
        DatagramFlush.write(channel, message).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                failed(onFailure);
            }
        });
    }

    private void failed(Runnable onFailure) {
        counters.increment(Counter.SEND_FAILURES);
        onFailure.run();
    }

    /** Open outbound TCP connections; for the state-is-empty checks. */
    public int openConnections() {
        return connections.size();
    }
}

package org.sbc.media.relay;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The RTP/RTCP relay: a port pool per local address, Netty datagram sockets (native epoll when
 * available, NIO otherwise or with {@code -Dsbc.nio=true}), and the open {@link RelaySession}s.
 * Knows nothing of SIP: sbc-core opens a session per call, puts the ports into the SDP it
 * forwards, tells each leg's signalled address with {@link RelaySession#peer}, and closes the
 * session when the call ends.
 *
 * <p>Threads: {@link #start(RelaySettings)} creates its own event loop group of one thread (a
 * relay thread relays a few hundred thousand packets per second; a second one is a setting
 * away through the other factory), shut down by {@link #close()}. {@link #start(RelaySettings,
 * EventLoopGroup, Class)} runs on a group the caller owns (e.g. sbc-core's), left running.
 * Each session's sockets share one event loop of the group.
 */
public final class MediaRelay implements AutoCloseable {

    /** Receive buffer per datagram: an Ethernet MTU of RTP with room; larger datagrams are cut. */
    static final int MAX_DATAGRAM = 2_048;
    /** Bytes queued on one socket before packets to it are dropped (unroutable), not queued. */
    static final WriteBufferWaterMark WRITE_QUEUE = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    private static final long BIND_WAIT_MILLIS = 2_000;

    private final RelaySettings settings;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final Bootstrap bootstrap;
    private final PortPool poolA;
    private final PortPool poolB;
    private final int pairsPerStreamFromA;
    private final AtomicInteger active = new AtomicInteger();
    private final Set<RelaySession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final String transport;

    private MediaRelay(RelaySettings settings, EventLoopGroup group, Class<? extends DatagramChannel> channelType,
            boolean ownGroup) {
        this.settings = settings;
        this.group = group;
        this.ownGroup = ownGroup;
        this.transport = channelType.getSimpleName();
        this.poolA = new PortPool(settings.portMin(), settings.portMax());
        this.poolB = settings.sharedAddress() ? poolA : new PortPool(settings.portMin(), settings.portMax());
        this.pairsPerStreamFromA = settings.sharedAddress() ? 2 : 1;
        // No SO_REUSEADDR: a port another socket holds must fail to bind, never be shared.
        this.bootstrap = new Bootstrap()
                .channel(channelType)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_QUEUE);
    }

    /** A relay on its own event loop group of one thread, epoll when available. */
    public static MediaRelay start(RelaySettings settings) {
        requireNonNull(settings, "settings");
        checkBindable("addressA", settings.addressA());
        checkBindable("addressB", settings.addressB());
        boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("sbc.nio");
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
        return new MediaRelay(settings, group, epoll ? EpollDatagramChannel.class : NioDatagramChannel.class, true);
    }

    /**
     * A relay on {@code group}, which the caller owns and shuts down; {@code channelType} must
     * suit it ({@code EpollDatagramChannel} for an epoll group, {@code NioDatagramChannel} for NIO).
     */
    public static MediaRelay start(RelaySettings settings, EventLoopGroup group,
            Class<? extends DatagramChannel> channelType) {
        requireNonNull(settings, "settings");
        requireNonNull(group, "group");
        requireNonNull(channelType, "channelType");
        checkBindable("addressA", settings.addressA());
        checkBindable("addressB", settings.addressB());
        return new MediaRelay(settings, group, channelType, false);
    }

    /**
     * A new session, or empty when {@code maxSessions} are open or the port range has no stream
     * left (ports are bound by {@link RelaySession#stream}, which may still find none).
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public Optional<RelaySession> open(RelaySession.Listener listener) {
        requireNonNull(listener, "listener");
        if (closed) {
            throw new IllegalStateException("relay closed");
        }
        int n;
        do {
            n = active.get();
            if (n >= settings.maxSessions()) {
                return Optional.empty();
            }
        } while (!active.compareAndSet(n, n + 1));
        if (poolA.freePairs() < pairsPerStreamFromA || poolB.freePairs() < 1) {
            active.decrementAndGet();
            return Optional.empty();
        }
        RelaySession session = new RelaySession(this, listener, group.next());
        sessions.add(session);
        return Optional.of(session);
    }

    /** Sessions open now. */
    public int activeSessions() {
        return active.get();
    }

    /** Ports (RTP and RTCP each count) free in the pools, over both addresses. */
    public int freePorts() {
        int pairs = poolA.freePairs() + (poolB == poolA ? 0 : poolB.freePairs());
        return 2 * pairs;
    }

    /** The datagram channel class in use, e.g. {@code EpollDatagramChannel}, for the startup log. */
    public String transport() {
        return transport;
    }

    public RelaySettings settings() {
        return settings;
    }

    /** Closes every session, then the event loop group if the relay created it; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RelaySession session : sessions) {
            session.close();
        }
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    void closed(RelaySession session) {
        if (sessions.remove(session)) {
            active.decrementAndGet();
        }
    }

    /** Binds the four sockets of one stream on the session's event loop; null when the range has none left. */
    RelayStream allocate(RelaySession session, int index) {
        RelayStream stream = new RelayStream(index, settings.latching(), settings.relatch());
        EventLoop loop = session.loop();
        BoundPair a = bindPair(poolA, settings.addressA(), loop, session, stream, RelaySession.Leg.A);
        if (a == null) {
            return null;
        }
        BoundPair b = bindPair(poolB, settings.addressB(), loop, session, stream, RelaySession.Leg.B);
        if (b == null) {
            a.close();
            return null;
        }
        stream.sockets = new RelayStream.Sockets(a, b);
        return stream;
    }

    private BoundPair bindPair(PortPool pool, InetAddress address, EventLoop loop, RelaySession session,
            RelayStream stream, RelaySession.Leg leg) {
        int attempts = pool.capacityPairs();
        for (int i = 0; i < attempts; i++) {
            int port = pool.take();
            if (port < 0) {
                return null;
            }
            Channel rtp = bind(loop, new InetSocketAddress(address, port),
                    new RelayHandler(session, stream, leg, false));
            if (rtp == null) {
                pool.skip(port);
                continue;
            }
            Channel rtcp = bind(loop, new InetSocketAddress(address, port + 1),
                    new RelayHandler(session, stream, leg, true));
            if (rtcp == null) {
                rtp.close().awaitUninterruptibly(BIND_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                pool.skip(port);
                continue;
            }
            return new BoundPair(pool, port, rtp, rtcp);
        }
        return null;
    }

    private Channel bind(EventLoop loop, InetSocketAddress local, RelayHandler handler) {
        ChannelFuture bound = bootstrap.clone(loop).handler(handler).bind(local);
        if (!bound.awaitUninterruptibly(BIND_WAIT_MILLIS, TimeUnit.MILLISECONDS) || !bound.isSuccess()) {
            bound.channel().close();
            return null;
        }
        return bound.channel();
    }

    private static void checkBindable(String field, InetAddress address) {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
            probe.getLocalPort(); // bound, hence an address of this host; closed at once
        } catch (IOException e) {
            throw new IllegalArgumentException(field + ": " + address.getHostAddress()
                    + " (expected: an address of this host; " + e.getMessage() + ")", e);
        }
    }
}

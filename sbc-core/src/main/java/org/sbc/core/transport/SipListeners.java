package org.sbc.core.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.internal.SystemPropertyUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.sbc.core.b2bua.SideSockets;
import org.sbc.core.codec.HeaderBlockScanner;
import org.sbc.core.codec.StreamFramer;
import org.sbc.core.codec.UdpFrameDecoder;
import org.sbc.core.config.Limits;
import org.sbc.core.edge.EdgePipeline;
import org.sbc.core.edge.SourceGates;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;
import org.sbc.core.tls.ListenerTls;
import org.sbc.core.tls.PeerTls;

/**
 * Binds the SIP listeners: for each {@code listen} entry, UDP sockets (one per I/O thread with
 * SO_REUSEPORT under epoll, so that the kernel spreads peers over cores while each peer's
 * messages stay in order on one thread) or a TCP server socket, with TLS in front for {@code tls:}.
 */
public final class SipListeners {

    /**
     * Datagrams one system call may read on Linux ({@code recvmmsg}), each into its own slot of
     * one buffer: under load a socket holds several, and one call per datagram was most of the
     * system calls the SBC made. The buffer (seven slots of the largest message, 112 KiB by
     * default) comes from Netty's pool, except in its low-memory mode (a heap of 512 MiB or less),
     * which pools nothing above 16 KiB: there a read takes one datagram, as before, so that its
     * buffer stays pooled.
     */
    private static final int RECEIVE_BATCH = SystemPropertyUtil.getBoolean("io.netty.allocator.lowMemory",
            Runtime.getRuntime().maxMemory() <= 512L << 20) ? 1 : 7;

    private final EventLoops loops;
    private final Limits limits;
    private final Counters counters;
    private final EdgePipeline edge;
    private final SourceGates gates;
    private final UdpFrameDecoder udpFramer;
    private final TcpConnectionLimiter connectionLimiter;
    private final FirstMessageWatch firstMessage;
    private final IdleConnectionCloser idleCloser;
    private final ExceptionGuard exceptionGuard = new ExceptionGuard();
    private final SideSockets sockets;
    private final TlsHandshakeGuard handshakeGuard;
    private final Map<SipSide, ListenerTls> tls = new EnumMap<>(SipSide.class);
    /** Per side: the check that marks a connection with its certificate's trunk, when trunks are known so. */
    private final Map<SipSide, Optional<TrunkCertificateCheck>> trunkChecks = new EnumMap<>(SipSide.class);
    private final Map<SipSide, PeerTls> peerTls = new EnumMap<>(SipSide.class);

    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    /** Which loop owns a frame's call ({@link ShardDispatch}); none: every frame is parsed where it arrived. */
    private ShardDispatch.Owner frameOwner;

    public SipListeners(EventLoops loops, Limits limits, Counters counters, SourceGates gates, EdgePipeline edge,
            SideSockets sockets) {
        this(loops, limits, counters, gates, edge, sockets, TcpConnectionLimiter.Hoarders.NONE);
    }

    /** @param hoarders told of each connection that sent no complete message in time (it bans repeaters) */
    public SipListeners(EventLoops loops, Limits limits, Counters counters, SourceGates gates, EdgePipeline edge,
            SideSockets sockets, TcpConnectionLimiter.Hoarders hoarders) {
        this.loops = loops;
        this.gates = gates;
        this.limits = limits;
        this.counters = counters;
        this.edge = edge;
        this.sockets = sockets;
        sockets.connector(this::connect);
        this.udpFramer = new UdpFrameDecoder(limits, counters);
        this.connectionLimiter = new TcpConnectionLimiter(limits, counters, hoarders);
        this.firstMessage = new FirstMessageWatch(connectionLimiter);
        this.idleCloser = new IdleConnectionCloser(counters);
        this.handshakeGuard = new TlsHandshakeGuard(counters);
    }

    /**
     * Before {@link #bind}: UDP frames cross to the loop that owns their call before the parse
     * ({@link ShardDispatch}), {@code owner} telling it from a frame's bytes and their scan (null: unknown).
     */
    public void dispatchFramesBy(ShardDispatch.Owner owner) {
        this.frameOwner = owner;
    }

    /** The certificate that {@code side}'s {@code tls:} listeners present; before {@link #bind}. */
    public void serveTls(SipSide side, ListenerTls listenerTls) {
        tls.put(side, listenerTls);
        trunkChecks.put(side, listenerTls.trunks().isEmpty() ? Optional.empty()
                : Optional.of(new TrunkCertificateCheck(listenerTls.trunks(), counters)));
    }

    /** Binds one listen entry facing {@code side}; the returned channels are already bound. */
    public List<Channel> bind(ListenAddress listen, SipSide side) throws InterruptedException {
        List<Channel> channels = switch (listen.transport()) {
            case UDP -> bindUdp(listen, side);
            case TCP -> List.of(bindStream(listen, side, Optional.empty()));
            case TLS -> List.of(bindStream(listen, side, Optional.of(Optional.ofNullable(tls.get(side))
                    .orElseThrow(() -> new IllegalStateException("no certificate for " + listen + " on the " + side
                            + " side")))));
        };
        sockets.register(side, listen, channels);
        return channels;
    }

    /** How {@code side} opens TLS connections (to a PBX or trunk); before the first request. */
    public void connectWithTls(SipSide side, PeerTls tls) {
        peerTls.put(side, tls);
        sockets.tlsConnector(this::connectTls);
    }

    /** Opens a TCP connection from {@code side} (for requests to a TCP PBX, trunk or phone). */
    public ChannelFuture connect(SipSide side, InetSocketAddress remote) {
        return connect(side, remote, Optional.empty());
    }

    /** Opens a TLS connection from {@code side}; empty when that side has no CA to check the peer with. */
    public Optional<ChannelFuture> connectTls(SipSide side, InetSocketAddress remote) {
        return Optional.ofNullable(peerTls.get(side)).map(tls -> connect(side, remote, Optional.of(tls)));
    }

    private ChannelFuture connect(SipSide side, InetSocketAddress remote, Optional<PeerTls> tls) {
        return new Bootstrap()
                .group(loops.group())
                .channel(loops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .attr(SipSide.KEY, side)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        tls.ifPresent(t -> pipeline
                                .addLast("tls", t.newHandler(channel.alloc(), remote))
                                .addLast("tls-handshake", handshakeGuard));
                        pipeline.addLast("idle", new IdleStateHandler(
                                        0, 0, limits.tcpIdleTimeoutSeconds(), TimeUnit.SECONDS))
                                .addLast("idle-close", idleCloser)
                                .addLast("stream-framer", new StreamFramer(limits, counters,
                                        tls.isPresent() ? Transport.TLS : Transport.TCP));
                        edge.appendTo(pipeline);
                        pipeline.addLast("exceptions", exceptionGuard);
                    }
                })
                .connect(remote, new InetSocketAddress(sockets.local(side, Transport.TCP).address(), 0));
    }

    private List<Channel> bindUdp(ListenAddress listen, SipSide side) throws InterruptedException {
        Optional<ShardDispatch> dispatch = Optional.ofNullable(frameOwner).filter(owner -> loops.threads() > 1)
                .map(owner -> new ShardDispatch(new HeaderBlockScanner(limits), owner));
        // A read of one datagram says nothing about what waits behind it: only batched reads are watched.
        boolean watchBacklog = loops.nativeEpoll() && RECEIVE_BATCH > 1;
        Bootstrap bootstrap = new Bootstrap()
                .group(loops.group())
                .channel(loops.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, limits.udpReceiveBufferBytes())
                .option(ChannelOption.SO_SNDBUF, limits.udpReceiveBufferBytes())
                // Netty reads datagrams into 2,048-octet buffers unless told otherwise and cuts
                // longer ones short without a word, so a legal 3 KB INVITE (RFC 4475 longreq)
                // arrived headless. One octet over the limit lets UdpFrameDecoder see it is too large.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(
                        (loops.nativeEpoll() ? RECEIVE_BATCH : 1) * (limits.maxMessageBytes() + 1)))
                .attr(SipSide.KEY, side)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (watchBacklog) {
                            pipeline.addLast("backlog-watch", new BacklogWatch(sockets.backlog(), RECEIVE_BATCH));
                        }
                        gates.addDatagramGates(pipeline);
                        pipeline.addLast("udp-framer", udpFramer);
                        edge.appendTo(pipeline);
                        // After the refusal before the parse, when there is one: a shed frame never crosses.
                        dispatch.ifPresent(d -> pipeline.addBefore("sip-decoder", "shard-dispatch", d));
                        pipeline.addLast("exceptions", exceptionGuard);
                    }
                });
        int socketCount = 1;
        if (loops.nativeEpoll()) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, limits.maxMessageBytes() + 1);
            socketCount = loops.threads();
        }
        List<Channel> channels = new ArrayList<>(socketCount);
        for (int i = 0; i < socketCount; i++) {
            channels.add(bootstrap.bind(listen.socketAddress()).sync().channel());
        }
        return channels;
    }

    /**
     * A TCP or TLS server socket. TLS puts its SslHandler (and the guard that counts and closes
     * failed handshakes) between the connection limiter and the idle timer: the connection counts
     * against its source from the first byte, handshake or not, and everything from the framer on
     * is the TCP pipeline unchanged.
     */
    private Channel bindStream(ListenAddress listen, SipSide side, Optional<ListenerTls> listenerTls)
            throws InterruptedException {
        return new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannel())
                .attr(SipSide.KEY, side)
                .childAttr(SipSide.KEY, side)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        gates.addConnectionGate(pipeline);
                        pipeline.addLast("connection-limit", connectionLimiter);
                        listenerTls.ifPresent(t -> {
                            pipeline.addLast("tls", t.newHandler(channel.alloc()))
                                    .addLast("tls-handshake", handshakeGuard);
                            trunkChecks.get(side).ifPresent(check -> pipeline.addLast("tls-trunk", check));
                        });
                        pipeline.addLast("idle", new IdleStateHandler(
                                        0, 0, limits.tcpIdleTimeoutSeconds(), TimeUnit.SECONDS))
                                .addLast("idle-close", idleCloser)
                                .addLast("stream-framer", new StreamFramer(limits, counters, listen.transport()))
                                .addLast("first-message", firstMessage);
                        gates.addFrameCounter(pipeline);
                        edge.appendTo(pipeline);
                        pipeline.addLast("exceptions", exceptionGuard);
                    }
                })
                .bind(listen.socketAddress())
                .sync()
                .channel();
    }
}

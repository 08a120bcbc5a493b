package org.sbc.core.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.sbc.core.config.AdminAccess;
import org.sbc.core.config.TlsConfig;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.tls.ServerTls;
import org.sbc.core.tls.TlsMaterial;
import org.sbc.core.events.RecentEvents;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counters;
import org.sbc.core.transport.EventLoops;

/** Binds the admin HTTP listener (loopback by default: it is not for the outside). */
public final class AdminServer {

    /** Only POST /api/bans carries a body (a few hundred bytes); anything larger is refused. */
    private static final int MAX_REQUEST_BYTES = 8_192;
    private static final int READ_TIMEOUT_SECONDS = 30;

    private AdminServer() {}

    /** The admin listener's HTTPS context: the certificate and key the loader already checked. */
    private static SslContext https(TlsConfig tls) {
        try {
            return ServerTls.context(List.of(TlsMaterial.load(tls.certificate().orElseThrow(), tls.key().orElseThrow())),
                    false);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("admin.tls: " + e.getMessage(), e);
        }
    }

    public static Channel bind(EventLoops loops, InetSocketAddress address, Instant started,
            Supplier<List<ListenAddress>> listeners, Counters counters, RecentEvents events,
            Optional<SecFilterReloadRoute> secfilterReload, Optional<BanApi> bans, AdminAccess access,
            SecurityEventSink sink, DashboardSources sources, Optional<PolicyApi> policy, Optional<FraudApi> fraud)
            throws InterruptedException {
        Optional<SslContext> https = access.tls().map(AdminServer::https);
        DashboardSessions sessions = new DashboardSessions(Clock.systemUTC());
        AdminAuthenticator authenticator = new AdminAuthenticator(access, counters, sink, Clock.systemUTC(), sessions);
        DashboardRoute dashboard = new DashboardRoute(access, sessions, events, sources.bans(), sources.calls(),
                sources.registrations(), sources.countryOf(), authenticator::loginFailed, https.isPresent());
        AdminHandler handler = new AdminHandler(started, listeners, counters, events, secfilterReload, bans,
                Optional.of(dashboard), policy, fraud);
        // Open admin connections (HTTP keep-alive) close with the listener, so a client never
        // holds a connection to a server that has stopped.
        ChannelGroup connections = new DefaultChannelGroup("sbc-admin", GlobalEventExecutor.INSTANCE);
        Channel listener = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        https.ifPresent(context -> {
                            SslHandler tls = context.newHandler(channel.alloc());
                            tls.setHandshakeTimeoutMillis(access.tls().get().handshakeTimeoutSeconds() * 1_000L);
                            channel.pipeline().addLast("tls", tls);
                        });
                        channel.pipeline()
                                .addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS))
                                .addLast(new HttpServerCodec(4_096, MAX_REQUEST_BYTES, MAX_REQUEST_BYTES))
                                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast(authenticator)
                                .addLast(handler);
                    }
                })
                .bind(address)
                .sync()
                .channel();
        listener.closeFuture().addListener(closed -> connections.close());
        return listener;
    }
}

package org.sbc.core;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sbc.core.admin.AdminServer;
import org.sbc.core.b2bua.B2bua;
import org.sbc.core.b2bua.B2buaHandler;
import org.sbc.core.b2bua.Outbound;
import org.sbc.core.b2bua.SideSockets;
import org.sbc.core.b2bua.SipSide;
import org.sbc.core.config.ListenAddress;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.EdgePipeline;
import org.sbc.core.events.RecentEvents;
import org.sbc.core.events.SecurityEventDispatcher;
import org.sbc.core.events.SecurityEvents;
import org.sbc.core.metrics.Counters;
import org.sbc.core.transport.EventLoops;
import org.sbc.core.transport.SipListeners;

/** A running SBC: every listener bound from one config; {@link #close()} stops it all. */
public final class SbcServer implements AutoCloseable {

    private final SbcConfig config;
    private final EventLoops loops;
    private final Counters counters;
    private final B2bua b2bua;
    private final List<Channel> channels;
    private final List<ListenAddress> listening;
    private final SecurityEventDispatcher events;

    private SbcServer(SbcConfig config, EventLoops loops, Counters counters, B2bua b2bua,
            List<Channel> channels, List<ListenAddress> listening, SecurityEventDispatcher events) {
        this.config = config;
        this.b2bua = b2bua;
        this.loops = loops;
        this.counters = counters;
        this.channels = channels;
        this.listening = listening;
        this.events = events;
    }

    /** Binds everything or nothing: a listener that fails to bind stops those already bound. */
    public static SbcServer start(SbcConfig config) throws InterruptedException, java.net.UnknownHostException {
        Counters counters = new Counters();
        RecentEvents recent = new RecentEvents(RecentEvents.DEFAULT_CAPACITY);
        // First, so that every step can be given it; a TLS sink that cannot be built stops the
        // start here, before any thread or socket exists.
        SecurityEventDispatcher events = SecurityEvents.start(config.security().events(), counters, recent);
        EventLoops loops = EventLoops.create(Math.max(1, Runtime.getRuntime().availableProcessors()));
        List<Channel> channels = new ArrayList<>();
        List<ListenAddress> listening = new ArrayList<>();
        B2bua b2bua = null;
        try {
            SideSockets sockets = new SideSockets();
            b2bua = B2bua.create(config, loops.group(), new Outbound(sockets, counters), counters);
            EdgePipeline edge = new EdgePipeline(config, counters, new B2buaHandler(b2bua));
            SipListeners listeners = new SipListeners(loops, config.limits(), counters, edge, sockets);
            for (ListenAddress listen : config.outside().listen()) {
                channels.addAll(listeners.bind(listen, SipSide.OUTSIDE));
                listening.add(listen);
            }
            for (ListenAddress listen : config.inside().listen()) {
                channels.addAll(listeners.bind(listen, SipSide.INSIDE));
                listening.add(listen);
            }
            List<ListenAddress> snapshot = List.copyOf(listening);
            channels.add(AdminServer.bind(loops, config.adminListen(), Instant.now(), () -> snapshot, counters, recent));
        } catch (RuntimeException | InterruptedException | java.net.UnknownHostException e) {
            if (b2bua != null) {
                b2bua.close();
            }
            channels.forEach(Channel::close);
            loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS);
            events.close();
            throw e;
        }
        return new SbcServer(config, loops, counters, b2bua, List.copyOf(channels), List.copyOf(listening), events);
    }

    public SbcConfig config() {
        return config;
    }

    public Counters counters() {
        return counters;
    }

    public B2bua b2bua() {
        return b2bua;
    }

    /** Where the edge steps send security events: non-blocking, safe from any thread. */
    public SecurityEventDispatcher events() {
        return events;
    }

    public List<ListenAddress> listening() {
        return listening;
    }

    public InetSocketAddress adminAddress() {
        return config.adminListen();
    }

    public String ioDescription() {
        return loops.describe();
    }

    @Override
    public void close() {
        b2bua.close();
        channels.forEach(c -> c.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
        loops.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        // Last: the event loops are stopped, so no step emits any more; what is queued and the
        // pending summaries still go out.
        events.close();
    }
}

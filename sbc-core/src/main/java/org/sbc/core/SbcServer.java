package org.sbc.core;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.sbc.core.admin.AdminServer;
import org.sbc.core.admin.SecFilterReloadRoute;
import org.sbc.core.config.ListenAddress;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.EdgePipeline;
import org.sbc.core.edge.ban.Bans;
import org.sbc.core.edge.ban.LoggedBanRequests;
import org.sbc.core.edge.secfilter.SecFilterReloader;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counters;
import org.sbc.core.transport.EventLoops;
import org.sbc.core.transport.SipListeners;

/** A running SBC: every listener bound from one config; {@link #close()} stops it all. */
public final class SbcServer implements AutoCloseable {

    private final SbcConfig config;
    private final EventLoops loops;
    private final Counters counters;
    private final List<Channel> channels;
    private final List<ListenAddress> listening;
    private final ExecutorService adminWork;

    private SbcServer(SbcConfig config, EventLoops loops, Counters counters,
            List<Channel> channels, List<ListenAddress> listening, ExecutorService adminWork) {
        this.config = config;
        this.loops = loops;
        this.counters = counters;
        this.channels = channels;
        this.listening = listening;
        this.adminWork = adminWork;
    }

    /** On the embedded defaults or a config already read; there is no file to reload from. */
    public static SbcServer start(SbcConfig config) throws InterruptedException {
        return start(config, Optional.empty(), new LoggedBanRequests(), SecurityEventSink.NONE);
    }

    /**
     * Binds everything or nothing: a listener that fails to bind stops those already bound.
     *
     * @param configFile the file {@code config} was read from, re-read by the secfilter reload
     * @param bans where every step bans through
     * @param events where every step reports its decisions
     */
    public static SbcServer start(SbcConfig config, Optional<Path> configFile, Bans bans, SecurityEventSink events)
            throws InterruptedException {
        EventLoops loops = EventLoops.create(Math.max(1, Runtime.getRuntime().availableProcessors()));
        Counters counters = new Counters();
        List<Channel> channels = new ArrayList<>();
        List<ListenAddress> listening = new ArrayList<>();
        // Reloads read files: never on an event loop. One thread, so reloads also never overlap.
        ExecutorService adminWork = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sbc-admin-work");
            thread.setDaemon(true);
            return thread;
        });
        try {
            EdgePipeline pipeline = new EdgePipeline(config, counters, bans, events, Clock.systemUTC());
            SecFilterReloadRoute reload = new SecFilterReloadRoute(
                    new SecFilterReloader(configFile, pipeline.secfilter(), counters), adminWork);
            SipListeners listeners = new SipListeners(loops, config.limits(), counters, pipeline);
            for (ListenAddress listen : config.outside().listen()) {
                channels.addAll(listeners.bind(listen));
                listening.add(listen);
            }
            for (ListenAddress listen : config.inside().listen()) {
                channels.addAll(listeners.bind(listen));
                listening.add(listen);
            }
            List<ListenAddress> snapshot = List.copyOf(listening);
            channels.add(AdminServer.bind(loops, config.adminListen(), Instant.now(), () -> snapshot, counters,
                    Optional.of(reload)));
        } catch (RuntimeException | InterruptedException e) {
            channels.forEach(Channel::close);
            adminWork.shutdownNow();
            loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        return new SbcServer(config, loops, counters, List.copyOf(channels), List.copyOf(listening), adminWork);
    }

    public SbcConfig config() {
        return config;
    }

    public Counters counters() {
        return counters;
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
        channels.forEach(c -> c.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
        adminWork.shutdownNow();
        loops.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}

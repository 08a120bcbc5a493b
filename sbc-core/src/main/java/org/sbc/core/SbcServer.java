package org.sbc.core;

import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.sbc.core.admin.AdminServer;
import org.sbc.core.admin.BanApi;
import org.sbc.core.config.ListenAddress;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.EdgePipeline;
import org.sbc.core.edge.SourceGates;
import org.sbc.core.edge.ban.BanHousekeeper;
import org.sbc.core.edge.ban.BanStateFile;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.events.LoggingSecurityEventSink;
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
    private final BanTable bans;
    private final BanHousekeeper housekeeper;

    private SbcServer(SbcConfig config, EventLoops loops, Counters counters,
            List<Channel> channels, List<ListenAddress> listening, BanTable bans, BanHousekeeper housekeeper) {
        this.bans = bans;
        this.housekeeper = housekeeper;
        this.config = config;
        this.loops = loops;
        this.counters = counters;
        this.channels = channels;
        this.listening = listening;
    }

    /**
     * Binds everything or nothing: a listener that fails to bind stops those already bound.
     *
     * @throws UncheckedIOException when the ban state file cannot be read, or is corrupt and
     *     cannot be moved aside
     */
    public static SbcServer start(SbcConfig config) throws InterruptedException {
        SecurityEventSink events = new LoggingSecurityEventSink();
        InstantSource clock = InstantSource.system();
        Counters counters = new Counters();
        BanTable bans = new BanTable(config.security().ban(),
                new Exemptions(config.security().trusted(), config.security().allow()), events, counters, clock);
        Optional<BanStateFile> stateFile = config.security().ban().stateFile().map(BanStateFile::new);
        if (stateFile.isPresent()) {
            try {
                stateFile.get().load(bans, clock.instant());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        BanHousekeeper housekeeper = new BanHousekeeper(bans, stateFile, counters);
        EventLoops loops = EventLoops.create(Math.max(1, Runtime.getRuntime().availableProcessors()));
        List<Channel> channels = new ArrayList<>();
        List<ListenAddress> listening = new ArrayList<>();
        try {
            SipListeners listeners = new SipListeners(loops, config.limits(), counters,
                    new SourceGates(config, bans, events, counters, clock),
                    new EdgePipeline(config, counters, events, clock));
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
                    new BanApi(bans)));
        } catch (RuntimeException | InterruptedException e) {
            channels.forEach(Channel::close);
            loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS);
            housekeeper.close();
            throw e;
        }
        return new SbcServer(config, loops, counters, List.copyOf(channels), List.copyOf(listening), bans, housekeeper);
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

    /** The ban table; the admin API's view of it, for tests. */
    public BanTable bans() {
        return bans;
    }

    public String ioDescription() {
        return loops.describe();
    }

    @Override
    public void close() {
        channels.forEach(c -> c.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
        loops.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        housekeeper.close();
    }
}

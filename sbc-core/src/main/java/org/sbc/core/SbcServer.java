package org.sbc.core;

import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.sbc.core.admin.AdminServer;
import org.sbc.core.admin.DashboardSources;
import org.sbc.core.admin.BanApi;
import org.sbc.core.admin.FraudApi;
import org.sbc.core.admin.PolicyApi;
import org.sbc.core.admission.PolicyCallAdmission;
import org.sbc.core.admin.SecFilterReloadRoute;
import org.sbc.core.b2bua.B2bua;
import org.sbc.core.b2bua.B2buaHandler;
import org.sbc.core.b2bua.CallPathWarmUp;
import org.sbc.core.b2bua.Outbound;
import org.sbc.core.b2bua.SideSockets;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Side;
import org.sbc.core.config.TlsConfig;
import org.sbc.core.edge.EdgePipeline;
import org.sbc.core.edge.SourceGates;
import org.sbc.core.edge.auth.PassThroughWatcher;
import org.sbc.core.edge.ban.BanStoreConfig;
import org.sbc.core.edge.policy.ActivePolicy;
import org.sbc.core.edge.policy.ReputationLabels;
import org.sbc.core.edge.policy.PolicyFileWatcher;
import org.sbc.core.edge.policy.SourceFacts;
import org.sbc.core.config.TrunkTls;
import org.sbc.core.edge.ban.BanHousekeeper;
import org.sbc.core.edge.ban.BanStateFile;
import org.sbc.core.edge.ban.BanStore;
import org.sbc.core.edge.ban.RedisBanStore;
import org.sbc.core.edge.ban.StoreHealth;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.HoarderBans;
import org.sbc.core.edge.ban.Bans;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.edge.policy.TrunkRoutes;
import org.sbc.core.edge.reputation.Reputation;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;
import org.sbc.feeds.geoip.GeoLabel;
import org.sbc.core.edge.reputation.ReputationSources;
import org.sbc.core.edge.secfilter.SecFilterReloader;
import org.sbc.core.events.CallRecord;
import org.sbc.core.events.CallRecordFile;
import org.sbc.core.events.CallRecordLog;
import org.sbc.core.events.RecentEvents;
import org.sbc.core.events.SecurityEventDispatcher;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEvents;
import org.sbc.core.media.MediaAnchoring;
import org.sbc.core.memory.TableBounds;
import java.util.logging.Logger;
import org.sbc.core.metrics.Counters;
import org.sbc.core.topology.TopologyHiding;
import org.sbc.core.transport.EventLoops;
import org.sbc.core.transport.MessagePathWarmUp;
import org.sbc.core.tls.CertificateReloader;
import org.sbc.core.tls.ListenerTls;
import org.sbc.core.tls.TrunkCertificates;
import org.sbc.core.tls.PeerTls;
import org.sbc.core.tls.PemPair;
import org.sbc.core.transport.SipListeners;
import org.sbc.feeds.feed.FeedAction;

/** A running SBC: every listener bound from one config; {@link #close()} stops it all. */
public final class SbcServer implements AutoCloseable {

    private final SbcConfig config;
    private final EventLoops loops;
    private final Counters counters;
    private final B2bua b2bua;
    private final List<Channel> channels;
    private final List<ListenAddress> listening;
    private final SecurityEventDispatcher events;
    private final BanTable bans;
    private final BanHousekeeper housekeeper;
    private final ReputationSources reputation;
    private final BanStore banStore;
    private final ExecutorService adminWork;
    /** The call records' file writer; null when call_records.file is not set. */
    private final CallRecordFile callRecords;
    private final Optional<ActivePolicy> policy;
    private final Optional<PolicyFileWatcher> policyWatcher;

    private SbcServer(SbcConfig config, EventLoops loops, Counters counters, B2bua b2bua, List<Channel> channels,
            List<ListenAddress> listening, SecurityEventDispatcher events, BanTable bans, BanHousekeeper housekeeper,
            ReputationSources reputation, BanStore banStore, ExecutorService adminWork, CallRecordFile callRecords,
            Optional<ActivePolicy> policy, Optional<PolicyFileWatcher> policyWatcher) {
        this.callRecords = callRecords;
        this.config = config;
        this.loops = loops;
        this.counters = counters;
        this.b2bua = b2bua;
        this.channels = channels;
        this.listening = listening;
        this.events = events;
        this.bans = bans;
        this.housekeeper = housekeeper;
        this.reputation = reputation;
        this.banStore = banStore;
        this.adminWork = adminWork;
        this.policy = policy;
        this.policyWatcher = policyWatcher;
    }

    /** On the embedded defaults or a config already read; there is no file to reload from. */
    public static SbcServer start(SbcConfig config) throws InterruptedException, UnknownHostException {
        return start(config, Optional.empty());
    }

    /** @param configFile the file {@code config} was read from, re-read by the secfilter reload */
    public static SbcServer start(SbcConfig config, Optional<Path> configFile)
            throws InterruptedException, UnknownHostException {
        return start(config, configFile, null, SecurityEventSink.NONE);
    }

    /**
     * Binds everything or nothing: a listener that fails to bind stops those already bound.
     *
     * @param configFile the file {@code config} was read from, re-read by the secfilter reload
     * @param stepBans where secfilter and auth request bans; null for the ban table itself (tests
     *     pass a recorder to see the requests)
     * @param observer receives every security event besides the configured sinks (tests)
     * @throws UncheckedIOException when the ban state file cannot be read, or is corrupt and
     *     cannot be moved aside
     */
    public static SbcServer start(SbcConfig requested, Optional<Path> configFile, Bans stepBans,
            SecurityEventSink observer) throws InterruptedException, UnknownHostException {
        // One logging system: Netty would otherwise pick SLF4J (which Lettuce brings) over JUL.
        io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
        // Before anything sizes a table: each bound comes from the memory budget (memory/TableBounds).
        TableBounds bounds = TableBounds.derive(requested, Runtime.getRuntime().maxMemory());
        SbcConfig config = bounds.applyTo(requested);
        Logger.getLogger(SbcServer.class.getName()).info(bounds.toString());
        Counters counters = new Counters();
        counters.gauge("sbc_memory_budget_bytes", "the memory budget the tables share (limits.memory_budget_*)",
                bounds::budgetBytes);
        RecentEvents recent = new RecentEvents(RecentEvents.DEFAULT_CAPACITY);
        // First, so that every step can be given it; a TLS sink that cannot be built stops the
        // start here, before any thread or socket exists.
        SecurityEventDispatcher events = SecurityEvents.start(config.security().events(), counters, recent);
        SecurityEventSink sink = observer == SecurityEventSink.NONE ? events : event -> {
            events.emit(event);
            observer.emit(event);
        };
        Clock clock = Clock.systemUTC();
        BanTable bans = new BanTable(config.security().ban(),
                new Exemptions(config.security().trusted(), config.security().allow()), sink, counters, clock);
        Optional<BanStateFile> stateFile = config.security().ban().stateFile().map(BanStateFile::new);
        if (stateFile.isPresent()) {
            try {
                stateFile.get().load(bans, clock.instant());
            } catch (IOException e) {
                events.close();
                throw new UncheckedIOException(e);
            }
        }
        CallRecordFile callRecords;
        try {
            callRecords = CallRecordFile.start(config.callRecords(), counters);
        } catch (IOException e) {
            events.close();
            throw new UncheckedIOException(e);
        }
        BanHousekeeper housekeeper = new BanHousekeeper(bans, stateFile, counters);
        // before the listeners: a starting node enforces every ban the cluster holds
        BanStore banStore = startBanStore(config.security().banStore(), bans, sink, counters, clock);
        ReputationSources reputation;
        try {
            // before the listeners: a listed source's first packet must already meet its feed
            reputation = ReputationSources.start(config.security(), bans, sink, counters, clock);
        } catch (RuntimeException e) {
            banStore.close();
            housekeeper.close();
            if (callRecords != null) {
                callRecords.close();
            }
            events.close();
            throw e;
        }
        EventLoops loops = EventLoops.create(Math.max(1, Runtime.getRuntime().availableProcessors()));
        // Reloads read files: never on an event loop. One thread, so reloads also never overlap.
        // Also where TLS certificate files are checked for renewal.
        ScheduledExecutorService adminWork = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sbc-admin-work");
            thread.setDaemon(true);
            return thread;
        });
        List<Channel> channels = new ArrayList<>();
        List<ListenAddress> listening = new ArrayList<>();
        Optional<ActivePolicy> policy = config.policy().loaded()
                .map(loaded -> new ActivePolicy(config.policy().files(), loaded, counters, sink,
                        new TrunkRoutes(config.b2bua().trunks())));
        Optional<PolicyFileWatcher> policyWatcher = Optional.empty();
        B2bua b2bua = null;
        TopologyHiding topology = null;
        MediaAnchoring media = null;
        try {
            SideSockets sockets = new SideSockets();
            PassThroughWatcher watcher = new PassThroughWatcher(config.security().auth(), config.security().trusted(),
                    stepBans == null ? bans : stepBans, sink, counters, clock);
            topology = TopologyHiding.start(config, InetAddress.getByName(config.pbx().host()));
            Outbound outbound = new Outbound(sockets, counters, topology);
            media = config.media().anchor()
                    ? MediaAnchoring.start(config.media(),
                            config.media().outside().address().orElse(mediaAddress(config.outside(), config.inside())),
                            config.media().inside().address().orElse(mediaAddress(config.inside(), config.outside())))
                    : null;
            b2bua = B2bua.create(config, loops.group(), outbound, counters, watcher, topology, sink, media,
                    callRecordsTo(callRecords, reputation));
            registerGauges(counters, b2bua, bans, media);
            B2bua registrar = b2bua;
            Optional<PolicyCallAdmission> admission = policy.map(active -> new PolicyCallAdmission(active,
                    SourceFacts.trunkAddresses(config), counters, sink, clock));
            admission.ifPresent(registrar::admitCallsThrough);
            boolean rejecting = config.security().feeds().feeds().stream()
                    .anyMatch(feed -> feed.action() instanceof FeedAction.Reject);
            EdgePipeline pipeline = new EdgePipeline(config, counters, stepBans == null ? bans : stepBans, sink, clock,
                    new B2buaHandler(b2bua), rejecting ? Optional.of(reputation.reputation()) : Optional.empty(), policy,
                    registrar::isRegistered, new ReputationLabels(reputation.reputation()),
                    Optional.of(registrar::shedsUnparsed));
            SecFilterReloadRoute reload = new SecFilterReloadRoute(
                    new SecFilterReloader(configFile, pipeline.secfilter(), counters), adminWork);
            SourceGates gates = new SourceGates(config, reputation.reputation(), sink, counters, clock);
            b2bua.shedFirstSeenDuring(gates.globalFlood()::active);
            SipListeners listeners = new SipListeners(loops, config.limits(), counters, gates, pipeline, sockets,
                    new HoarderBans(stepBans == null ? bans : stepBans, counters, clock));
            listeners.dispatchFramesBy(registrar::loopOf);
            List<ListenerTls> served = new ArrayList<>();
            serveTls(listeners, SipSide.OUTSIDE, config.outside(), trunkCertificates(config)).ifPresent(served::add);
            serveTls(listeners, SipSide.INSIDE, config.inside(), TrunkCertificates.NONE).ifPresent(served::add);
            if (!served.isEmpty()) {
                adminWork.scheduleWithFixedDelay(new CertificateReloader(served, counters),
                        CertificateReloader.CHECK_SECONDS, CertificateReloader.CHECK_SECONDS, TimeUnit.SECONDS);
            }
            warmUp(config);
            for (ListenAddress listen : streamsFirst(config.outside().listen())) {
                channels.addAll(listeners.bind(listen, SipSide.OUTSIDE));
                listening.add(listen);
            }
            for (ListenAddress listen : streamsFirst(config.inside().listen())) {
                channels.addAll(listeners.bind(listen, SipSide.INSIDE));
                listening.add(listen);
            }
            List<ListenAddress> snapshot = List.copyOf(listening);
            channels.add(AdminServer.bind(loops, config.adminListen(), Instant.now(), () -> snapshot, counters,
                    recent, Optional.of(reload), Optional.of(new BanApi(bans)), config.adminAccess(), sink,
                    new DashboardSources(bans, b2bua::liveCalls, b2bua::liveBindings,
                            address -> countryOf(reputation.reputation(), address)),
                    policy.map(active -> new PolicyApi(active, adminWork)), admission.map(FraudApi::new)));
            if (policy.isPresent()) {
                policyWatcher = Optional.of(startWatching(policy.get()));
            }
        } catch (RuntimeException | InterruptedException | UnknownHostException e) {
            if (b2bua != null) {
                b2bua.close();
            } else {
                if (topology != null) {
                    topology.close();
                }
                if (media != null) {
                    media.close();
                }
            }
            channels.forEach(Channel::close);
            adminWork.shutdownNow();
            loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS);
            housekeeper.close();
            if (callRecords != null) {
                callRecords.close();
            }
            reputation.close();
            banStore.close();
            events.close();
            throw e;
        }
        return new SbcServer(config, loops, counters, b2bua, List.copyOf(channels), List.copyOf(listening), events,
                bans, housekeeper, reputation, banStore, adminWork, callRecords, policy, policyWatcher);
    }

    /**
     * The message path's warm-up, then whole calls through a B2BUA of their own, within
     * {@code limits.warm_up_ms} together: the message path's rounds are short and get two fifths
     * of it at most, the calls the rest. A call that does not complete (a configuration that does
     * not route the outside's calls to the PBX) ends the second stage early; the server starts
     * all the same.
     */
    private static void warmUp(SbcConfig config) {
        Logger log = Logger.getLogger(SbcServer.class.getName());
        long start = System.nanoTime();
        long budget = config.limits().warmUpMs() * 1_000_000L;
        int rounds = MessagePathWarmUp.run(config, start + budget * 2 / 5);
        if (rounds == 0) {
            return; // off, or this JVM is warm already
        }
        long callsStart = System.nanoTime();
        log.info("warm-up: the message path ran " + rounds + " rounds in " + (callsStart - start) / 1_000_000 + " ms");
        try {
            int calls = CallPathWarmUp.run(config, start + budget);
            log.info("warm-up: " + calls + " calls through the B2BUA in " + (System.nanoTime() - callsStart) / 1_000_000
                    + " ms before the listeners opened");
        } catch (IllegalStateException e) {
            log.warning("warm-up: calls through the B2BUA stopped: " + e.getMessage());
        }
    }

    /** Last in the start: nothing after it can fail, so the watcher never outlives a failed start. */
    private static PolicyFileWatcher startWatching(ActivePolicy policy) {
        try {
            return PolicyFileWatcher.start(policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The security policy in force, when the config names policy files: SIGHUP and the admin API reload it. */
    public Optional<ActivePolicy> policy() {
        return policy;
    }

    /**
     * The side's TLS for its listeners (returned, to be watched for renewal) and for peers it dials.
     *
     * @param trunks the trunks its listeners know by client certificate (trunks connect from the outside)
     */
    private static Optional<ListenerTls> serveTls(SipListeners listeners, SipSide side, Side config,
            TrunkCertificates trunks) {
        Optional<ListenerTls> served = Optional.empty();
        if (config.tls().isPresent()) {
            TlsConfig tls = config.tls().get();
            if (tls.certificate().isPresent() && tls.key().isPresent()) {
                served = Optional.of(ListenerTls.load(new PemPair(tls.certificate().get(), tls.key().get()),
                        tls.sni(), tls.handshakeTimeoutSeconds(), trunks));
                listeners.serveTls(side, served.get());
            }
            tls.ca().ifPresent(ca -> listeners.connectWithTls(side,
                    PeerTls.load(ca, tls.certificate(), tls.key(), tls.handshakeTimeoutSeconds())));
        }
        return served;
    }

    /** The trunks known by client certificate ({@code trunks[].tls}), in config order. */
    private static TrunkCertificates trunkCertificates(SbcConfig config) {
        return TrunkCertificates.of(config.b2bua().trunks().stream()
                .filter(trunk -> trunk.tls().isPresent())
                .map(trunk -> new TrunkCertificates.Trunk(trunk.name(), trunk.tls().get().clientCa(),
                        trunk.tls().get().fingerprints().stream().map(TrunkTls.Fingerprint::text).toList()))
                .toList());
    }

    public SbcConfig config() {
        return config;
    }

    /**
     * What becomes of each ended call's record: a line in the log ({@link CallRecordLog}), and the
     * call-record file when one is configured (with the outside party's country).
     */
    private static Consumer<CallRecord> callRecordsTo(CallRecordFile file, ReputationSources reputation) {
        CallRecordLog log = new CallRecordLog();
        if (file == null) {
            return log::write;
        }
        return record -> {
            log.write(record);
            file.offer(record, countryOf(reputation.reputation(), record.outsidePeer().getAddress()));
        };
    }

    /** The country GeoIP gives {@code address}; empty without a country database. */
    private static Optional<String> countryOf(Reputation reputation, InetAddress address) {
        GeoLabel geo = reputation.labels(address).geo();
        return geo.hasCountry() ? Optional.of(geo.country()) : Optional.empty();
    }

    /** The state figures /metrics reads at each scrape: each one cheap and lock-free or briefly locked. */
    private static void registerGauges(Counters counters, B2bua b2bua, BanTable bans, MediaAnchoring media) {
        counters.gauge("sbc_calls_active", "calls up or being set up, counted against b2bua.max_dialogs", b2bua::liveCalls);
        counters.gauge("sbc_registration_bindings", "registration bindings the B2BUA holds for phones", b2bua::liveBindings);
        counters.gauge("sbc_server_transactions", "server transactions open across the shards (bounded by the memory budget)",
                b2bua::serverTransactions);
        counters.gauge("sbc_known_sources", "sources whose registration or call the PBX accepted in the last hour",
                b2bua::knownSources);
        counters.gauge("sbc_bans_active", "active bans in the ban table", bans::size);
        counters.gauge("sbc_media_sessions_active", "calls whose media the relay anchors",
                () -> media == null ? 0 : media.activeSessions());
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

    /** The ban table; the admin API's view of it, for tests. */
    public BanTable bans() {
        return bans;
    }

    /** Feed listings and country/AS labels of a source: what the policy step reads. */
    public Reputation reputation() {
        return reputation.reputation();
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
        policyWatcher.ifPresent(PolicyFileWatcher::close);
        b2bua.close();
        channels.forEach(c -> c.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
        adminWork.shutdownNow();
        loops.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        housekeeper.close();
        if (callRecords != null) {
            callRecords.close(); // after the loops: the last calls' records are queued by now
        }
        reputation.close();
        banStore.close();
        // Last: the event loops are stopped, so no step emits any more; what is queued and the
        // pending summaries still go out.
        events.close();
    }

    private static BanStore startBanStore(BanStoreConfig store, BanTable bans, SecurityEventSink sink, Counters counters,
            Clock clock) {
        if (store.kind() != BanStoreConfig.Kind.REDIS) {
            return BanStore.MEMORY;
        }
        URI uri = store.redis().orElseThrow();
        // named without user:password, for the log and the events
        String name = uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
        return RedisBanStore.start(uri, store.reconcileSeconds(), bans, counters, clock,
                new StoreHealth(name, sink, clock));
    }

    /** A side's media leaves from its first listen address; a side with none shares the other's. */
    private static InetAddress mediaAddress(Side side, Side other) {
        return (side.listen().isEmpty() ? other : side).listen().get(0).address();
    }

    /**
     * A client that got a UDP answer may try TCP at once; binding the stream listeners first
     * means a side that answers on UDP already accepts on TCP.
     */
    private static List<ListenAddress> streamsFirst(List<ListenAddress> listen) {
        List<ListenAddress> ordered = new ArrayList<>(listen);
        ordered.sort(Comparator.comparing(l -> l.transport() == Transport.UDP));
        return ordered;
    }
}

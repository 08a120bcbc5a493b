package org.sbc.core.b2bua;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.sbc.core.b2bua.pressure.KnownSources;
import org.sbc.core.b2bua.pressure.NewDialogRate;
import org.sbc.core.b2bua.pressure.NewWorkShedding;
import org.sbc.core.b2bua.registration.BindingCache;
import org.sbc.core.codec.HeaderBlockScan;
import org.sbc.core.codec.RawCallId;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Trunk;
import org.sbc.core.edge.auth.PassThroughWatcher;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.events.CallRecord;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.sip.SipSide;
import org.sbc.core.media.MediaAnchoring;
import org.sbc.core.memory.TableBounds;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.Responses;
import org.sbc.core.topology.TopologyHider;

/**
 * The back-to-back user agent. Spreads calls over shards (one per I/O thread) by Call-ID:
 * Call-IDs we generate carry their shard ({@code s<N>-...}); any other is hashed. A shard owns
 * its calls, transactions and registrations outright, so the B2BUA takes no locks on the call
 * path and one call's messages are handled in order.
 */
public final class B2bua {

    private final List<Shard> shards;
    private final B2buaContext context;
    private final KeepAlive keepAlive;

    private B2bua(List<Shard> shards, B2buaContext context, KeepAlive keepAlive) {
        this.shards = shards;
        this.context = context;
        this.keepAlive = keepAlive;
    }

    /**
     * How long a source whose registration or call the PBX accepted counts as known: a phone
     * re-registers well within it, and an office that called this morning is still known.
     */
    static final long KNOWN_SOURCE_MILLIS = 3_600_000;

    /** Resolves the PBX and trunk names once, here, so that routing never waits on DNS. */
    /** @param watcher pass-through auth, or null when nothing watches the PBX's answers */
    public static B2bua create(SbcConfig config, EventLoopGroup group, Outbound outbound, Counters counters,
            PassThroughWatcher watcher) throws UnknownHostException {
        return create(config, group, outbound, counters, watcher, null, SecurityEventSink.NONE);
    }

    /** @param topology topology hiding, for our Contacts' handles, or null for none */
    public static B2bua create(SbcConfig config, EventLoopGroup group, Outbound outbound, Counters counters,
            PassThroughWatcher watcher, TopologyHider topology, SecurityEventSink events) throws UnknownHostException {
        return create(config, group, outbound, counters, watcher, topology, events, null);
    }

    /** @param media the media relay every SDP goes through, or null to leave media to the peers */
    public static B2bua create(SbcConfig config, EventLoopGroup group, Outbound outbound, Counters counters,
            PassThroughWatcher watcher, TopologyHider topology, SecurityEventSink events, MediaAnchoring media)
            throws UnknownHostException {
        return create(config, group, outbound, counters, watcher, topology, events, media, record -> {});
    }

    /** @param callRecords takes each ended call's record; must not block (a queue's offer) */
    public static B2bua create(SbcConfig config, EventLoopGroup group, Outbound outbound, Counters counters,
            PassThroughWatcher watcher, TopologyHider topology, SecurityEventSink events, MediaAnchoring media,
            Consumer<CallRecord> callRecords) throws UnknownHostException {
        SipFactory sip = new SipFactory(outbound.sockets());
        BindingCache bindings = new BindingCache(config.b2bua().maxBindings(), System::currentTimeMillis);
        List<Router.ResolvedTrunk> trunks = new ArrayList<>();
        for (Trunk trunk : config.b2bua().trunks()) {
            trunks.add(new Router.ResolvedTrunk(trunk, resolve(trunk.target())));
        }
        Router router = new Router(config.pbx(), resolve(config.pbx()), trunks, bindings, sip,
                config.b2bua().requestUri());
        B2buaContext context = new B2buaContext(config.b2bua(), sip, outbound,
                new Responses(config.sip().serverHeader()), counters, bindings, router, watcher, topology, events,
                media, callRecords);
        List<Shard> shards = new ArrayList<>();
        for (EventExecutor executor : group) {
            shards.add(new Shard(shards.size(), (EventLoop) executor, context));
        }
        TableBounds bounds = TableBounds.derive(config, Runtime.getRuntime().maxMemory());
        context.serverTransactionsPerShard = bounds.serverTransactionsPerShard(shards.size());
        context.shedding = new NewWorkShedding(
                new KnownSources(bounds.bindings(), KNOWN_SOURCE_MILLIS, System::currentTimeMillis,
                        new Exemptions(config.security().trusted(), config.security().allow())::exempts),
                new NewDialogRate(config.limits().newDialogsPerSecond(), System::currentTimeMillis), () -> false);
        KeepAlive keepAlive = new KeepAlive(shards.get(0), config.b2bua().keepaliveSeconds());
        return new B2bua(List.copyOf(shards), context, keepAlive);
    }

    private static InetSocketAddress resolve(PbxTarget target) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
    }

    /** While {@code floodActive} says so, new work from first-seen sources is shed (the global flood view). */
    public void shedFirstSeenDuring(BooleanSupplier floodActive) {
        context.shedding = context.shedding.withGlobalFlood(floodActive);
    }

    /**
     * Before the parse: whether a new request from the outside {@code source} is refused unparsed
     * (under pressure, from a first-seen source); safe from any thread, never waits.
     */
    public boolean shedsUnparsed(InetAddress source, boolean opensDialog) {
        return context.shedding.shedsUnparsed(source, opensDialog);
    }

    /** Counts {@code source} as known, so that pressure never sheds its new work (the start-up warm-up's caller). */
    void remember(InetAddress source) {
        context.shedding.known().remember(source);
    }

    /** Sources the B2BUA counts as known (for the gauges). */
    public int knownSources() {
        return context.shedding.known().size();
    }

    /** Open server transactions across the shards, read from their loops' last state (for the gauges). */
    public int serverTransactions() {
        return shards.stream().mapToInt(shard -> shard.transactions.serverCount()).sum();
    }

    /** Hands a message to its shard; called on any I/O thread. */
    public void receive(ReceivedMessage message, SipSide side, Channel channel) {
        Shard shard = shards.get(shardFor(message));
        if (shard.loop.inEventLoop()) {
            handle(shard, message, side, channel);
        } else if (shard.handOver.admit(message.isRequest() && Shard.opensNewWork(message.request()))) {
            shard.loop.execute(() -> {
                shard.handOver.arrived();
                handle(shard, message, side, channel);
            });
        } else {
            context.counters.increment(Counter.HAND_OVER_DROPPED);
        }
    }

    /** Handles one message on its shard; its relay or answer is sent before this returns. */
    private void handle(Shard shard, ReceivedMessage message, SipSide side, Channel channel) {
        shard.onMessage(message, side, channel);
        context.counters.messageHandling().observeNanos(message.ageNanos());
    }

    /**
     * A REGISTER goes to the shard of its address-of-record, so that every refresh of one AOR's
     * contacts, whatever Call-ID a phone picks, meets the same tokens; everything else (and the
     * PBX's answers, which carry our Call-IDs) to the shard its Call-ID names.
     */
    private int shardFor(ReceivedMessage message) {
        if (message.isRequest() && "REGISTER".equals(message.request().method())) {
            return Math.floorMod(Registrar.aorOf(message.request()).hashCode(), shards.size());
        }
        return shardOf(message.message().callId());
    }

    /**
     * The event loop that will handle the message in {@code frame}, from its raw bytes and their
     * scan: the loop of the shard its Call-ID names. Null when that takes the parse: a REGISTER
     * (sharded by its address-of-record) or a Call-ID that cannot be read plainly. Safe from any thread.
     */
    public EventLoop loopOf(byte[] frame, HeaderBlockScan scan) {
        if (shards.size() == 1 || startsWith(frame, scan.start(), REGISTER)) {
            return null;
        }
        String callId = RawCallId.of(frame, scan);
        return callId == null ? null : shards.get(shardOf(callId)).loop;
    }

    private static final byte[] REGISTER = "REGISTER ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (bytes.length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    int shardOf(String callId) {
        // Ours look like s<N>-...: read the digits up to the dash.
        if (callId.length() > 2 && callId.charAt(0) == 's') {
            int index = 0;
            int i = 1;
            while (i < callId.length() && i < 6 && Character.isDigit(callId.charAt(i))) {
                index = index * 10 + (callId.charAt(i) - '0');
                i++;
            }
            if (i > 1 && i < callId.length() && callId.charAt(i) == '-' && index < shards.size()) {
                return index;
            }
        }
        return Math.floorMod(callId.hashCode(), shards.size());
    }

    /** Calls counted against max_dialogs; safe from any thread, never waits. */
    public int liveCalls() {
        return context.calls.get();
    }

    /** Registration bindings cached; safe from any thread, never waits. */
    public int liveBindings() {
        return context.bindings.size();
    }

    /** What the B2BUA holds right now, read on each shard's own thread. */
    /** The security policy's call admission and fraud limits; call once, at start, before traffic. */
    public void admitCallsThrough(org.sbc.core.admission.CallAdmission admission) {
        context.admission = admission;
    }

    /** Whether {@code user} holds a live registration made from {@code source}: the policy's {@code registered}. */
    public boolean isRegistered(String user, InetAddress source) {
        return context.bindings.byUser(user).filter(b -> b.flow().address().getAddress().equals(source)).isPresent();
    }

    public State state() {
        int dialogs = 0;
        int servers = 0;
        int clients = 0;
        int registrations = 0;
        for (Shard shard : shards) {
            int[] counts = onShard(shard, () -> new int[] {
                shard.dialogCount(), shard.transactions.serverCount(), shard.transactions.clientCount(),
                shard.registrar.size()});
            dialogs += counts[0];
            servers += counts[1];
            clients += counts[2];
            registrations += counts[3];
        }
        context.bindings.sweep();
        return new State(dialogs, context.calls.get(), servers, clients, registrations, context.bindings.size(),
                context.callsPerSource.size(), context.media == null ? 0 : context.media.activeSessions());
    }

    /**
     * @param dialogs dialog-table entries (two per call)
     * @param calls calls counted against max_dialogs
     * @param mediaSessions calls whose media the relay holds
     */
    public record State(int dialogs, int calls, int serverTransactions, int clientTransactions,
            int registrations, int bindings, int sourcesWithCalls, int mediaSessions) {

        public boolean idleButRegistrations() {
            return dialogs == 0 && calls == 0 && serverTransactions == 0 && clientTransactions == 0
                    && sourcesWithCalls == 0 && mediaSessions == 0;
        }
    }

    private static <T> T onShard(Shard shard, Callable<T> task) {
        try {
            return shard.loop.submit(task).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("shard " + shard.index + " did not answer", e);
        }
    }

    public void close() {
        keepAlive.stop();
        if (context.topology != null) {
            context.topology.close(); // a Redis store's connection
        }
        if (context.media != null) {
            context.media.close(); // the relay's sockets and ports
        }
    }
}

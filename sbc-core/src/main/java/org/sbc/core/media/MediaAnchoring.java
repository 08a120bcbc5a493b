package org.sbc.core.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.sbc.core.config.MediaConfig;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.transport.EventLoops;
import org.sbc.media.relay.LatchingMode;
import org.sbc.media.relay.MediaRelay;
import org.sbc.media.relay.Refusal;
import org.sbc.media.relay.Relatch;
import org.sbc.media.relay.RelaySession;
import org.sbc.media.relay.RelaySettings;

/**
 * The SBC's media relay: leg A faces the outside (bound on media.outside.address, by default the
 * outside's first listen address), leg B the
 * inside. One per server; each call that carries SDP gets a {@link CallMedia} from it, within
 * {@code media.max_sessions} in all and {@code media.max_sessions_per_source} per outside caller.
 */
public final class MediaAnchoring implements AutoCloseable {

    private final MediaRelay relay;
    private final EventLoops loops;
    private final MediaAddresses addresses;
    private final MediaConfig config;
    private final SourceSessions perSource;

    private MediaAnchoring(MediaRelay relay, EventLoops loops, MediaAddresses addresses, MediaConfig config) {
        this.relay = relay;
        this.loops = loops;
        this.addresses = addresses;
        this.config = config;
        this.perSource = new SourceSessions(config.maxSessionsPerSource());
    }

    /**
     * Starts the relay with leg A's ports on {@code outside} and B's on {@code inside}, which SDP
     * names unless {@code media.outside.advertise} / {@code media.inside.advertise} say otherwise.
     */
    public static MediaAnchoring start(MediaConfig config, InetAddress outside, InetAddress inside) {
        MediaAddresses addresses = new MediaAddresses(outside, inside, config.outside().advertise().orElse(outside),
                config.inside().advertise().orElse(inside));
        RelaySettings settings = new RelaySettings(outside, inside, config.portMin(), config.portMax(),
                config.latching() == MediaConfig.Latching.STRICT ? LatchingMode.STRICT : LatchingMode.LATCH,
                RelaySettings.DEFAULT_LATCH_WINDOW, Duration.ofSeconds(config.timeoutSeconds()), config.maxSessions(),
                config.relatch() == MediaConfig.Relatch.NEVER ? Relatch.NEVER : Relatch.SSRC);
        // Its own threads, not the SIP loops: a relay thread near its packet rate must not delay
        // signalling, and each call's media stays on one thread (no locks on the packet path).
        EventLoops loops = EventLoops.create(config.relayThreads());
        try {
            return new MediaAnchoring(MediaRelay.start(settings, loops.group(), loops.datagramChannel()), loops,
                    addresses, config);
        } catch (RuntimeException e) {
            loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * The media of a new call not counted against any source, nor reported; for tests of the
     * offer/answer alone.
     */
    public Optional<CallMedia> open(Runnable onTimeout) {
        return open(null, UNCOUNTED, SecurityEventSink.NONE, onTimeout);
    }

    /** Never read: a call without a caller is never refused per source, the one thing counted here. */
    private static final Counters UNCOUNTED = new Counters();

    /**
     * The media of a new call; empty when the relay holds its maximum of sessions or {@code caller}
     * its maximum per source (counted in {@link Counter#MEDIA_REFUSED_PER_SOURCE}). The session
     * counts against {@code caller} until it closes, whichever way: the call's end, or the relay's.
     *
     * @param caller the outside signalling source of a call from the outside; null for a call from
     *     the inside, which is not counted: the PBX concentrates every inside call on one address,
     *     and {@code media.max_sessions} bounds it already
     * @param events where the call's media reports go: many packets refused from strangers, as
     *     garbage or for SRTP ({@link RelaySession#REFUSALS_REPORTED_AT})
     * @param onTimeout runs (on the relay's thread) when the call carried no media for the timeout
     */
    public Optional<CallMedia> open(InetAddress caller, Counters counters, SecurityEventSink events,
            Runnable onTimeout) {
        if (caller != null && !perSource.admit(caller)) {
            counters.increment(Counter.MEDIA_REFUSED_PER_SOURCE);
            return Optional.empty();
        }
        Optional<RelaySession> session;
        try {
            session = relay.open(new CallListener(caller, events, onTimeout));
        } catch (RuntimeException e) { // the relay closed under us: nothing was opened
            release(caller);
            throw e;
        }
        if (session.isEmpty()) {
            release(caller); // no session, so no close will give it back
        }
        return session.map(s -> new CallMedia(s, addresses, config.outsideSrtp(), config.insideSrtp(),
                config.portMin(), config.portMax()));
    }

    /** One call's session events: the timeout to the call, refusals to the events, the close to the count. */
    private final class CallListener implements RelaySession.Listener {

        private final InetAddress caller;
        private final SecurityEventSink events;
        private final Runnable onTimeout;

        CallListener(InetAddress caller, SecurityEventSink events, Runnable onTimeout) {
            this.caller = caller;
            this.events = events;
            this.onTimeout = onTimeout;
        }

        @Override
        public void onTimeout(RelaySession session) {
            onTimeout.run();
        }

        @Override
        public void onRefusals(RelaySession session, Refusal refusal, RelaySession.Leg leg,
                InetSocketAddress source) {
            events.emit(MediaEvents.refusals(refusal, leg, source, caller, Instant.now()));
        }

        @Override
        public void onClosed(RelaySession session) {
            release(caller);
        }
    }

    private void release(InetAddress caller) {
        if (caller != null) {
            perSource.release(caller);
        }
    }

    /** Calls whose media the relay holds right now; for the "every table empty" checks. */
    public int activeSessions() {
        return relay.activeSessions();
    }

    /** Sessions {@code caller} holds now, against {@code media.max_sessions_per_source}. */
    public int sessionsFrom(InetAddress caller) {
        return perSource.held(caller);
    }

    /** Sources holding a session: the per-source table's size, at most {@link #activeSessions()}. */
    public int sourcesWithSessions() {
        return perSource.sources();
    }

    /** {@code media.timeout_seconds}, for the reason a call ended without media. */
    public int timeoutSeconds() {
        return config.timeoutSeconds();
    }

    @Override
    public void close() {
        relay.close();
        loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    static RelaySession.Leg leg(boolean outside) {
        return outside ? RelaySession.Leg.A : RelaySession.Leg.B;
    }
}

package org.sbc.core.media;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.sbc.core.config.MediaConfig;
import org.sbc.core.transport.EventLoops;
import org.sbc.media.relay.LatchingMode;
import org.sbc.media.relay.MediaRelay;
import org.sbc.media.relay.RelaySession;
import org.sbc.media.relay.RelaySettings;

/**
 * The SBC's media relay: leg A faces the outside (bound on the outside listen address), leg B the
 * inside. One per server; each call that carries SDP gets a {@link CallMedia} from it.
 */
public final class MediaAnchoring implements AutoCloseable {

    private final MediaRelay relay;
    private final EventLoops loops;
    private final InetAddress outside;
    private final InetAddress inside;
    private final MediaConfig config;

    private MediaAnchoring(MediaRelay relay, EventLoops loops, InetAddress outside, InetAddress inside,
            MediaConfig config) {
        this.relay = relay;
        this.loops = loops;
        this.outside = outside;
        this.inside = inside;
        this.config = config;
    }

    /** Starts the relay on the outside and inside media addresses (each side's first listen address). */
    public static MediaAnchoring start(MediaConfig config, InetAddress outside, InetAddress inside) {
        RelaySettings settings = new RelaySettings(outside, inside, config.portMin(), config.portMax(),
                config.latching() == MediaConfig.Latching.STRICT ? LatchingMode.STRICT : LatchingMode.LATCH,
                RelaySettings.DEFAULT_LATCH_WINDOW, Duration.ofSeconds(config.timeoutSeconds()), config.maxSessions());
        // Its own threads, not the SIP loops: a relay thread near its packet rate must not delay
        // signalling, and each call's media stays on one thread (no locks on the packet path).
        EventLoops loops = EventLoops.create(config.relayThreads());
        try {
            return new MediaAnchoring(MediaRelay.start(settings, loops.group(), loops.datagramChannel()), loops,
                    outside, inside, config);
        } catch (RuntimeException e) {
            loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * The media of a new call; empty when the relay holds its maximum of sessions.
     *
     * @param onTimeout runs (on the relay's thread) when the call carried no media for the timeout
     */
    public Optional<CallMedia> open(Runnable onTimeout) {
        return relay.open(session -> onTimeout.run()).map(session -> new CallMedia(session, outside, inside,
                config.outsideSrtp(), config.insideSrtp()));
    }

    /** Calls whose media the relay holds right now; for the "every table empty" checks. */
    public int activeSessions() {
        return relay.activeSessions();
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

package org.sbc.core.media;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.sbc.core.config.MediaConfig;
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
    private final InetAddress outside;
    private final InetAddress inside;

    private MediaAnchoring(MediaRelay relay, InetAddress outside, InetAddress inside) {
        this.relay = relay;
        this.outside = outside;
        this.inside = inside;
    }

    /** Starts the relay on the outside and inside media addresses (each side's first listen address). */
    public static MediaAnchoring start(MediaConfig config, InetAddress outside, InetAddress inside) {
        RelaySettings settings = new RelaySettings(outside, inside, config.portMin(), config.portMax(),
                config.latching() == MediaConfig.Latching.STRICT ? LatchingMode.STRICT : LatchingMode.LATCH,
                RelaySettings.DEFAULT_LATCH_WINDOW, Duration.ofSeconds(config.timeoutSeconds()), config.maxSessions());
        return new MediaAnchoring(MediaRelay.start(settings), outside, inside);
    }

    /**
     * The media of a new call; empty when the relay holds its maximum of sessions.
     *
     * @param onTimeout runs (on the relay's thread) when the call carried no media for the timeout
     */
    public Optional<CallMedia> open(Runnable onTimeout) {
        return relay.open(session -> onTimeout.run()).map(session -> new CallMedia(session, outside, inside));
    }

    /** Calls whose media the relay holds right now; for the "every table empty" checks. */
    public int activeSessions() {
        return relay.activeSessions();
    }

    @Override
    public void close() {
        relay.close();
    }

    static RelaySession.Leg leg(boolean outside) {
        return outside ? RelaySession.Leg.A : RelaySession.Leg.B;
    }
}

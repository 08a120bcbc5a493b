package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;

/**
 * Whether the shared ban store answers, reported once per change (a BAN_STORE event and a log
 * line), not once per failed command: a Redis down for an hour is two events, not thousands.
 */
public final class StoreHealth {

    private static final System.Logger LOG = System.getLogger(StoreHealth.class.getName());
    private static final InetSocketAddress NO_PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final String store;
    private final SecurityEventSink events;
    private final InstantSource clock;
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    public StoreHealth(String store, SecurityEventSink events, InstantSource clock) {
        this.store = requireNonNull(store, "store");
        this.events = requireNonNull(events, "events");
        this.clock = requireNonNull(clock, "clock");
    }

    public boolean reachable() {
        return reachable.get();
    }

    void failed(String why) {
        if (reachable.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.WARNING, "ban store " + store + " unreachable, banning locally until it"
                    + " answers: " + why);
            emit("unreachable: banning locally", "unreachable");
        }
    }

    void succeeded() {
        if (reachable.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "ban store " + store + " reachable again, reconciled");
            emit("reachable again: reconciled", "reachable");
        }
    }

    private void emit(String reason, String state) {
        events.emit(new SecurityEvent(clock.instant(), SecurityEventType.BAN_STORE, NO_PEER, Optional.empty(),
                "ban-store", reason, "enforce", Map.of("store", store, "state", state),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }
}

package org.sbc.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.MediaConfig;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * {@code media.max_sessions_per_source} through a real relay on loopback: a caller beyond its
 * limit gets no media while others do, and every way a session closes gives its count back.
 */
class SessionsPerSourceTest {

    private static final String OUTSIDE = "127.0.71.1";
    private static final String INSIDE = "127.0.71.11";

    private final Counters counters = new Counters();
    private MediaAnchoring anchoring;
    private InetAddress caller;
    private InetAddress other;

    private MediaAnchoring start(int portMin, int maxSessions, int perSource) throws Exception {
        caller = InetAddress.getByName("127.0.71.2");
        other = InetAddress.getByName("127.0.71.5");
        anchoring = MediaAnchoring.start(new MediaConfig(true, portMin, portMin + 99, MediaConfig.Latching.LATCH, MediaConfig.Relatch.SSRC, 60,
                maxSessions, perSource, 1, MediaConfig.MediaSide.of(MediaConfig.SrtpPolicy.OPTIONAL), MediaConfig.MediaSide.of(MediaConfig.SrtpPolicy.OFF)),
                InetAddress.getByName(OUTSIDE), InetAddress.getByName(INSIDE));
        return anchoring;
    }

    @AfterEach
    void stop() {
        if (anchoring != null) {
            anchoring.close();
        }
    }

    private Optional<CallMedia> open(InetAddress from) {
        return anchoring.open(from, counters, SecurityEventSink.NONE, () -> { });
    }

    @Test
    void refusesACallerBeyondItsLimitWhileOthersStillGetMedia() throws Exception {
        start(32_700, 10, 2);
        assertTrue(open(caller).isPresent());
        assertTrue(open(caller).isPresent());
        assertTrue(open(caller).isEmpty(), "the third from one source");
        assertEquals(1, counters.get(Counter.MEDIA_REFUSED_PER_SOURCE));

        assertTrue(open(other).isPresent(), "another source is not held back");
        assertTrue(open(null).isPresent() && open(null).isPresent() && open(null).isPresent(),
                "calls from the inside are not counted per source");
        assertEquals(2, anchoring.sessionsFrom(caller));
        assertEquals(1, anchoring.sessionsFrom(other));
        assertEquals(2, anchoring.sourcesWithSessions(), "one entry per source holding sessions, none for the inside");
        assertEquals(6, anchoring.activeSessions());
        assertEquals(1, counters.get(Counter.MEDIA_REFUSED_PER_SOURCE));
    }

    @Test
    void theCallsCloseGivesItsCountBackOnceAndTheLastOneRemovesTheSource() throws Exception {
        start(32_800, 10, 2);
        CallMedia first = open(caller).orElseThrow();
        first.relayAddress(0, true).orElseThrow(); // with ports bound, as a real call has
        CallMedia second = open(caller).orElseThrow();

        first.close();
        first.close();
        assertEquals(1, anchoring.sessionsFrom(caller), "closed twice, given back once");
        assertTrue(open(caller).isPresent(), "room again for one");
        assertTrue(open(caller).isEmpty());

        second.close();
        assertEquals(1, anchoring.sessionsFrom(caller));
        assertEquals(1, anchoring.sourcesWithSessions());
    }

    @Test
    void theRelaysCloseGivesEveryCountBack() throws Exception {
        start(32_900, 10, 5);
        List<CallMedia> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(open(caller).orElseThrow());
            calls.add(open(other).orElseThrow());
        }
        calls.get(0).relayAddress(0, true).orElseThrow();
        assertEquals(2, anchoring.sourcesWithSessions());

        anchoring.close();
        assertEquals(0, anchoring.sessionsFrom(caller));
        assertEquals(0, anchoring.sourcesWithSessions(), "no entry outlives its sessions");
        calls.forEach(CallMedia::close); // the call's own close after the relay's: nothing twice
        assertEquals(0, anchoring.sourcesWithSessions());
        anchoring = null;
    }

    @Test
    void aCallTheRelayRefusesHoldsNoCount() throws Exception {
        start(33_000, 1, 5);
        CallMedia only = open(caller).orElseThrow();
        assertTrue(open(other).isEmpty(), "media.max_sessions reached");
        assertEquals(0, anchoring.sessionsFrom(other));
        assertEquals(1, anchoring.sourcesWithSessions());
        assertEquals(0, counters.get(Counter.MEDIA_REFUSED_PER_SOURCE), "refused for the total, not the source");

        only.close();
        assertEquals(0, anchoring.sourcesWithSessions());
        assertTrue(open(other).isPresent());
    }
}

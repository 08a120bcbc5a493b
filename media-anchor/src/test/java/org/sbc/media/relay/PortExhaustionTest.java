package org.sbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PortExhaustionTest {

    private MediaRelay relay;

    @AfterEach
    void closeRelay() {
        relay.close();
    }

    private static RelaySettings tiny(int portMin, int portMax) throws Exception {
        return RelaySettings.of(InetAddress.getByName("127.0.70.1"), InetAddress.getByName("127.0.70.4"),
                portMin, portMax);
    }

    @Test
    void refusesStreamsAndSessionsBeyondTheRangeWhileSessionsUpKeepRelaying() throws Exception {
        relay = MediaRelay.start(tiny(23000, 23003)); // two pairs per address: two streams
        int freeAtStart = relay.freePorts();
        assertEquals(8, freeAtStart);
        try (Call first = new Call(relay).signalBoth()) {
            RelaySession second = relay.open(s -> { }).orElseThrow();
            assertTrue(second.stream(0).isPresent());
            assertEquals(0, relay.freePorts());
            assertEquals(Optional.empty(), second.stream(1), "range exhausted");
            assertEquals(Optional.empty(), relay.open(s -> { }), "no stream left for a new session");

            first.phoneToPbx(first.phone);
            first.pbxToPhone(first.phone);

            second.close();
            second.close();
            assertEquals(4, relay.freePorts());
            assertEquals(1, relay.activeSessions());
            first.phoneToPbx(first.phone);
        }
        assertEquals(freeAtStart, relay.freePorts());
        assertEquals(0, relay.activeSessions());
        try (Call again = new Call(relay).signalBoth()) {
            again.phoneToPbx(again.phone);
        }
    }

    @Test
    void sharedAddressTakesBothLegsFromOnePool() throws Exception {
        InetAddress one = InetAddress.getByName("127.0.70.1");
        relay = MediaRelay.start(RelaySettings.of(one, one, 23100, 23103));
        assertEquals(4, relay.freePorts());
        try (Call call = new Call(relay).signalBoth()) {
            assertNotEquals(call.ports.rtpA(), call.ports.rtpB());
            assertEquals(0, relay.freePorts());
            assertEquals(Optional.empty(), relay.open(s -> { }));
            call.phoneToPbx(call.phone);
            call.pbxToPhone(call.phone);
        }
        assertEquals(4, relay.freePorts());
    }

    @Test
    void refusesSessionsBeyondMaxSessions() throws Exception {
        relay = MediaRelay.start(tiny(23200, 23299).withMaxSessions(1));
        RelaySession only = relay.open(s -> { }).orElseThrow();
        assertEquals(Optional.empty(), relay.open(s -> { }));
        only.close();
        assertTrue(relay.open(s -> { }).isPresent());
    }

    @Test
    void skipsPortPairTakenBySomeoneElseAndTriesItLater() throws Exception {
        relay = MediaRelay.start(tiny(23300, 23303));
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress("127.0.70.1", 23301))) {
            assertEquals(23301, squatter.getLocalPort());
            RelaySession session = relay.open(s -> { }).orElseThrow();
            StreamPorts ports = session.stream(0).orElseThrow();
            assertEquals(23302, ports.rtpA().getPort(), "the pair whose RTCP port is taken is skipped");
            assertEquals(23300, ports.rtpB().getPort(), "the other address is not affected");
            assertEquals(Optional.empty(), session.stream(1), "the only pair left on A cannot be bound");
            assertEquals(4, relay.freePorts(), "a pair that cannot be bound stays in the pool");
            session.close();
        }
        assertEquals(8, relay.freePorts());
        RelaySession later = relay.open(s -> { }).orElseThrow();
        assertTrue(later.stream(0).isPresent());
        assertTrue(later.stream(1).isPresent(), "the pair is used once its squatter has gone");
        later.close();
    }

    @Test
    void refusesStreamIndexBeyondTheLimit() throws Exception {
        relay = MediaRelay.start(tiny(23400, 23499));
        RelaySession session = relay.open(s -> { }).orElseThrow();
        assertEquals(Optional.empty(), session.stream(RelaySession.MAX_STREAMS));
        session.close();
        assertEquals(Optional.empty(), session.stream(0), "closed");
    }
}

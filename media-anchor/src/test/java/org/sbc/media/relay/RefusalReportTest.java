package org.sbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a session tells its listener beyond the timeout: refusals past the threshold, and its close. */
class RefusalReportTest {

    private static final String PHONE = "127.0.71.2";
    private static final String PBX = "127.0.71.3";
    private static final String ATTACKER = "127.0.71.66";

    private record Report(RelaySession session, Refusal refusal, RelaySession.Leg leg, InetSocketAddress source) {}

    /** Records refusal reports and closes. */
    private static final class Recorder implements RelaySession.Listener {
        final List<Report> reports = new CopyOnWriteArrayList<>();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void onTimeout(RelaySession session) {
        }

        @Override
        public void onRefusals(RelaySession session, Refusal refusal, RelaySession.Leg leg, InetSocketAddress source) {
            reports.add(new Report(session, refusal, leg, source));
        }

        @Override
        public void onClosed(RelaySession session) {
            closed.incrementAndGet();
        }
    }

    private MediaRelay relay;

    @AfterEach
    void closeRelay() {
        if (relay != null) {
            relay.close();
        }
    }

    private MediaRelay start(int portMin) throws Exception {
        relay = MediaRelay.start(RelaySettings.of(InetAddress.getByName("127.0.71.1"),
                InetAddress.getByName("127.0.71.4"), portMin, portMin + 99));
        return relay;
    }

    @Test
    void reportsStrangersOnceWhenTheyReachTheThresholdNamingTheirSource() throws Exception {
        Recorder recorder = new Recorder();
        RelaySession session = start(25_000).open(recorder).orElseThrow();
        StreamPorts ports = session.stream(0).orElseThrow();
        try (UdpPeer phone = new UdpPeer(PHONE); UdpPeer pbx = new UdpPeer(PBX);
                UdpPeer attacker = new UdpPeer(ATTACKER)) {
            session.peer(0, RelaySession.Leg.A, phone.address(), phone.address());
            session.peer(0, RelaySession.Leg.B, pbx.address(), pbx.address());
            phone.send(ports.rtpA(), Rtp.packet(0x11111111, 1));
            Await.until("the phone's packet relayed", () -> session.stats(0).aToB().packets() == 1);

            int below = RelaySession.REFUSALS_REPORTED_AT - 1;
            for (int i = 0; i < below; i++) {
                attacker.send(ports.rtpA(), Rtp.packet(0x66666666, 100 + i));
            }
            Await.until("the strangers counted", () -> session.stats(0).aToB().dropped() == below);
            assertEquals(List.of(), recorder.reports, "not below the threshold");

            for (int i = 0; i < 100; i++) {
                attacker.send(ports.rtpA(), Rtp.packet(0x66666666, 200 + i));
            }
            Await.until("the strangers counted", () -> session.stats(0).aToB().dropped() == below + 100);
            assertEquals(List.of(new Report(session, Refusal.STRANGER, RelaySession.Leg.A, attacker.address())),
                    recorder.reports, "once, with the attacker's address");
        }
    }

    @Test
    void reportsGarbageButNotEmptyKeepAlives() throws Exception {
        Recorder recorder = new Recorder();
        RelaySession session = start(25_100).open(recorder).orElseThrow();
        StreamPorts ports = session.stream(0).orElseThrow();
        try (UdpPeer phone = new UdpPeer(PHONE); UdpPeer scanner = new UdpPeer(ATTACKER)) {
            for (int i = 0; i < 2 * RelaySession.REFUSALS_REPORTED_AT; i++) {
                phone.send(ports.rtpB(), new byte[0]);
            }
            Await.until("keep-alives counted",
                    () -> session.stats(0).bToA().malformed() == 2 * RelaySession.REFUSALS_REPORTED_AT);
            assertEquals(List.of(), recorder.reports, "empty datagrams are NAT keep-alives (RFC 6263)");

            for (int i = 0; i < RelaySession.REFUSALS_REPORTED_AT; i++) {
                scanner.send(ports.rtcpB(), "OPTIONS sip:x SIP/2.0\r\n".getBytes());
            }
            Await.until("the report", () -> recorder.reports.size() == 1);
            assertEquals(new Report(session, Refusal.MALFORMED, RelaySession.Leg.B, scanner.address()),
                    recorder.reports.get(0));
        }
    }

    @Test
    void tellsTheListenerOfTheCloseOnceWhicheverSideCloses() throws Exception {
        Recorder byCall = new Recorder();
        Recorder byRelay = new Recorder();
        MediaRelay started = start(25_200);
        RelaySession closedByCall = started.open(byCall).orElseThrow();
        RelaySession closedWithRelay = started.open(byRelay).orElseThrow();
        closedWithRelay.stream(0).orElseThrow();

        closedByCall.close();
        closedByCall.close();
        assertEquals(1, byCall.closed.get(), "once, however often closed");
        assertEquals(0, byRelay.closed.get());

        started.close();
        assertEquals(1, byRelay.closed.get(), "the relay's close closes its sessions");
        assertTrue(closedWithRelay.isClosed());
        assertEquals(1, byCall.closed.get());
        assertEquals(0, started.activeSessions());
    }

    @Test
    void statsCarryTheClockTheJitterIsCountedIn() throws Exception {
        RelaySession session = start(25_300).open(s -> { }).orElseThrow();
        session.stream(0).orElseThrow();
        assertEquals(RelaySession.DEFAULT_CLOCK_RATE, session.stats(0).clockRate());
        session.clockRate(0, 48_000);
        StreamStats stats = session.stats(0);
        assertEquals(48_000, stats.clockRate());
        StreamStats.Direction jittery = new StreamStats.Direction(0, 0, 0, 0, 0, 0, 0, 0, 480, 0);
        assertEquals(10.0, stats.jitterMillis(jittery), 1e-9, "480 units of a 48 kHz clock are 10 ms");
    }
}

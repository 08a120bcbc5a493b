package org.sbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelaySettingsTest {

    private static final InetAddress A = InetAddress.getLoopbackAddress();

    @Test
    void defaultsAreSafe() {
        RelaySettings settings = RelaySettings.of(A, A, 10_000, 20_000);
        assertEquals(LatchingMode.LATCH, settings.latching());
        assertEquals(Duration.ofSeconds(2), settings.latchWindow());
        assertEquals(Duration.ofSeconds(60), settings.timeout());
        assertEquals(1024, settings.maxSessions());
    }

    @Test
    void namesTheBadValueThenWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RelaySettings(A, A, 80, 20_000, LatchingMode.LATCH, Duration.ofSeconds(2),
                        Duration.ofSeconds(60), 10));
        assertEquals("portMin: 80 (expected: 1024..65534)", e.getMessage());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RelaySettings(null, InetAddress.getByName("0.0.0.0"), 10_000, 70_000, null,
                        Duration.ZERO, Duration.ofMillis(1), 0));
        String m = e.getMessage();
        assertTrue(m.startsWith("addressA: null (expected: "), m);
        assertTrue(m.contains("addressB: 0.0.0.0 (expected: "), m);
        assertTrue(m.contains("portMax: 70000 (expected: 1025..65535)"), m);
        assertTrue(m.contains("latching: null (expected: STRICT or LATCH)"), m);
        assertTrue(m.contains("latchWindow: PT0S (expected: > PT0S and <= PT1M)"), m);
        assertTrue(m.contains("timeout: PT0.001S (expected: PT0.1S..PT24H)"), m);
        assertTrue(m.contains("maxSessions: 0 (expected: 1..1000000)"), m);
    }

    @Test
    void refusesARangeWithoutAnEvenOddPair() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RelaySettings.of(A, A, 10_001, 10_002));
        assertTrue(e.getMessage().startsWith("portMax: 10002 (expected: a range from portMin 10001"), e.getMessage());
        assertEquals(10_003, RelaySettings.of(A, A, 10_001, 10_003).portMax());
    }

    @Test
    void refusesAnAddressNotOfThisHostAtStart() throws Exception {
        RelaySettings settings = RelaySettings.of(InetAddress.getByName("192.0.2.1"), A, 10_000, 10_099);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MediaRelay.start(settings));
        assertTrue(e.getMessage().startsWith("addressA: 192.0.2.1 (expected: an address of this host"), e.getMessage());
    }
}

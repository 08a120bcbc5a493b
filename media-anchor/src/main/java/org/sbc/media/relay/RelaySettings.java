package org.sbc.media.relay;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The relay's settings, built once and shared. Every field is checked, then the fields against
 * each other; all problems are reported at once in one {@link IllegalArgumentException}, each
 * as {@code field: value (expected: ...)}.
 *
 * @param addressA    the local address leg A's ports are bound on (the one written into the SDP
 *                    sent to A's peer); a unicast address of this host, not the wildcard
 * @param addressB    the same for leg B; may equal {@code addressA}
 * @param portMin     lowest port of the pool, 1024..65534
 * @param portMax     highest port of the pool; the range must hold at least one even/odd pair
 * @param latching    {@link LatchingMode#LATCH} by default
 * @param latchWindow how long after {@link RelaySession#peer} a leg may (re)latch; short, since
 *                    any source that sends first inside it wins. Default 2 s
 * @param timeout     a session with no accepted packet for this long is reported to its
 *                    listener. Default 60 s
 * @param maxSessions sessions open at once; {@link MediaRelay#open} refuses beyond. Default 1024
 * @param relatch     what a new source needs to take a latched leg over ({@link Relatch#SSRC} by default)
 */
public record RelaySettings(InetAddress addressA, InetAddress addressB, int portMin, int portMax,
        LatchingMode latching, Duration latchWindow, Duration timeout, int maxSessions, Relatch relatch) {

    public static final LatchingMode DEFAULT_LATCHING = LatchingMode.LATCH;
    /** Long enough for the answer to reach a phone and its first packet to come back. */
    public static final Duration DEFAULT_LATCH_WINDOW = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_SESSIONS = 1024;

    static final Duration MAX_LATCH_WINDOW = Duration.ofMinutes(1);
    static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    static final int MAX_MAX_SESSIONS = 1_000_000;
    static final int MIN_PORT = 1024;
    static final int MAX_PORT = 65535;

    public RelaySettings {
        List<String> errors = new ArrayList<>();
        checkAddress("addressA", addressA, errors);
        checkAddress("addressB", addressB, errors);
        boolean portsOk = true;
        if (portMin < MIN_PORT || portMin > MAX_PORT - 1) {
            errors.add("portMin: " + portMin + " (expected: " + MIN_PORT + ".." + (MAX_PORT - 1) + ")");
            portsOk = false;
        }
        if (portMax < MIN_PORT + 1 || portMax > MAX_PORT) {
            errors.add("portMax: " + portMax + " (expected: " + (MIN_PORT + 1) + ".." + MAX_PORT + ")");
            portsOk = false;
        }
        if (portsOk && PortPool.pairCount(portMin, portMax) < 1) {
            errors.add("portMax: " + portMax + " (expected: a range from portMin " + portMin
                    + " holding at least one even RTP port and the odd RTCP port after it)");
        }
        if (latching == null) {
            errors.add("latching: null (expected: STRICT or LATCH)");
        }
        if (latchWindow == null || latchWindow.isNegative() || latchWindow.isZero()
                || latchWindow.compareTo(MAX_LATCH_WINDOW) > 0) {
            errors.add("latchWindow: " + latchWindow + " (expected: > PT0S and <= " + MAX_LATCH_WINDOW + ")");
        }
        if (timeout == null || timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            errors.add("timeout: " + timeout + " (expected: " + MIN_TIMEOUT + ".." + MAX_TIMEOUT + ")");
        }
        if (relatch == null) {
            errors.add("relatch: null (expected: SSRC or NEVER)");
        }
        if (maxSessions < 1 || maxSessions > MAX_MAX_SESSIONS) {
            errors.add("maxSessions: " + maxSessions + " (expected: 1.." + MAX_MAX_SESSIONS + ")");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
    }

    /** Re-latching by {@link Relatch#SSRC}, the default. */
    public RelaySettings(InetAddress addressA, InetAddress addressB, int portMin, int portMax, LatchingMode latching,
            Duration latchWindow, Duration timeout, int maxSessions) {
        this(addressA, addressB, portMin, portMax, latching, latchWindow, timeout, maxSessions, Relatch.SSRC);
    }

    /** The defaults for everything but the addresses and the port range. */
    public static RelaySettings of(InetAddress addressA, InetAddress addressB, int portMin, int portMax) {
        return new RelaySettings(addressA, addressB, portMin, portMax, DEFAULT_LATCHING, DEFAULT_LATCH_WINDOW,
                DEFAULT_TIMEOUT, DEFAULT_MAX_SESSIONS);
    }

    public RelaySettings withLatching(LatchingMode mode) {
        return new RelaySettings(addressA, addressB, portMin, portMax, mode, latchWindow, timeout, maxSessions, relatch);
    }

    public RelaySettings withLatchWindow(Duration window) {
        return new RelaySettings(addressA, addressB, portMin, portMax, latching, window, timeout, maxSessions, relatch);
    }

    public RelaySettings withTimeout(Duration idle) {
        return new RelaySettings(addressA, addressB, portMin, portMax, latching, latchWindow, idle, maxSessions, relatch);
    }

    public RelaySettings withMaxSessions(int max) {
        return new RelaySettings(addressA, addressB, portMin, portMax, latching, latchWindow, timeout, max, relatch);
    }

    public RelaySettings withRelatch(Relatch rule) {
        return new RelaySettings(addressA, addressB, portMin, portMax, latching, latchWindow, timeout, maxSessions,
                rule);
    }

    /** Whether both legs share one address, hence one port pool. */
    boolean sharedAddress() {
        return addressA.equals(addressB);
    }

    private static void checkAddress(String field, InetAddress address, List<String> errors) {
        if (address == null) {
            errors.add(field + ": null (expected: a unicast address of this host)");
        } else if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            errors.add(field + ": " + address.getHostAddress()
                    + " (expected: a unicast address of this host, not the wildcard or multicast:"
                    + " it is written into SDP)");
        }
    }
}

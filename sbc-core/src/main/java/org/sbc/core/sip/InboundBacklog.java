package org.sbc.core.sip;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Whether the SBC's own UDP sockets still hold datagrams it has not read: what decides if a
 * retransmission that falls due is worth sending.
 *
 * <p>A retransmission timer (RFC 3261 timers A, E and G, and the 2xx's until the ACK) assumes
 * that no answer came because the message or the answer was lost. When the SBC is behind, the
 * answer is often sitting in its own receive buffer: after a cold start and at the call
 * benchmark's ceiling, the PBX's 180 and 200 waited there longer than T1, the SBC sent the INVITE
 * again, and the PBX (sipp) took the copy for a new fault and dropped the call (docs/benchmarks.md).
 * T1 is an estimate of the round trip, and time in our own queue is part of the round trip.
 *
 * <p>Each watched socket reports the end of every read: full (the read took as many datagrams as
 * it had room for, so more may be waiting) or not (the socket was emptied). Bounded: one entry
 * per UDP socket the listeners bound, a number the configuration fixes.
 */
public final class InboundBacklog {

    private final LongSupplier nanoClock;
    private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();

    public InboundBacklog() {
        this(System::nanoTime);
    }

    public InboundBacklog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The clock that reads are stamped with, for those who ask {@link #readSince}. */
    public long nanoTime() {
        return nanoClock.getAsLong();
    }

    /** A socket to watch; the caller reports its reads to the returned entry, from its loop. */
    public Socket watch() {
        Socket socket = new Socket();
        sockets.add(socket);
        return socket;
    }

    /** Stops watching {@code socket} (closed): a socket that reads no more holds nothing we wait for. */
    public void forget(Socket socket) {
        sockets.remove(socket);
    }

    /**
     * True when everything our sockets held at {@code sinceNanos} has been read by now: every
     * socket whose last read was full has had a read that emptied it since then.
     */
    public boolean readSince(long sinceNanos) {
        for (Socket socket : sockets) {
            if (socket.full && socket.lastEmptiedNanos - sinceNanos < 0) {
                return false;
            }
        }
        return true;
    }

    /** One socket's reads. Written by its event loop only, read from any. */
    public final class Socket {
        private volatile boolean full;
        private volatile long lastEmptiedNanos = nanoClock.getAsLong();

        private Socket() {
        }

        /** A read ended; {@code full}: it took all the datagrams it had room for. */
        public void readEnded(boolean full) {
            if (!full) {
                lastEmptiedNanos = nanoClock.getAsLong();
            }
            this.full = full;
        }
    }
}

package org.sbc.media.relay;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sbc.media.srtp.SrtpMasterKey;

/**
 * The media of one call through the relay: up to {@value #MAX_STREAMS} streams (m-lines), each
 * with an RTP and an RTCP port on each leg. Leg A's ports are bound on {@code addressA}, leg B's
 * on {@code addressB}. A packet that arrives on leg A's port is sent from the same kind of port
 * of leg B to B's peer, and the other way round.
 *
 * <p>All sockets of a session live on one I/O thread, so the per-packet state needs no lock. The
 * control methods ({@link #stream}, {@link #peer}, {@link #srtp}, {@link #close}) may be called
 * from any thread but the relay's own I/O threads ({@link #stream} blocks while it binds).
 *
 * <p>Latching and RTP-bleed protection: see {@link SourceLatch} (rules in the module README).
 * SRTP termination per leg: {@link #srtp}.
 *
 * <p>Timeout: the idle clock starts when a stream has a signalled peer on both legs (the call is
 * answered) or at the first accepted packet, whichever comes first (a long ringing phase does not
 * count). A session with no accepted packet in either direction for {@code settings.timeout()}
 * calls {@link Listener#onTimeout} once, on the relay's I/O thread; it does not close itself.
 * Refused and malformed packets do not keep a session alive.
 */
public final class RelaySession {

    /** Streams (m-lines) per session: the bound on ports one hostile SDP can cost. */
    public static final int MAX_STREAMS = 8;
    /** The RTP clock assumed for jitter until {@link #clockRate} says otherwise (PCMU, PCMA, G.729, G.722). */
    public static final int DEFAULT_CLOCK_RATE = 8_000;

    private static final Logger LOG = Logger.getLogger(RelaySession.class.getName());
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * Refused packets of one kind a session collects before {@link Listener#onRefusals} is told.
     * A genuine call refuses a few: the loser of the latch race, a NAT rebinding before it proves
     * itself, a duplicate that fails SRTP replay protection. Fifty is a second of 20 ms audio from
     * someone else, or a burst no network glitch makes: an attack worth one report per call. It is
     * a report only; nothing is blocked beyond the packets themselves.
     */
    public static final int REFUSALS_REPORTED_AT = 50;

    /** Told about the session's events; the defaults ignore them. */
    public interface Listener {
        /** No packet accepted in either direction for {@code settings.timeout()}; called once. */
        void onTimeout(RelaySession session);

        /**
         * The session has refused {@value #REFUSALS_REPORTED_AT} packets for {@code refusal},
         * summed over its streams and legs; called once per kind and session, on the relay's I/O
         * thread, so it must not block. {@code leg} received the packet that reached the count
         * and {@code source} sent it (for {@link Refusal#STRANGER}, the likely attacker).
         */
        default void onRefusals(RelaySession session, Refusal refusal, Leg leg, InetSocketAddress source) {
        }

        /** The session was closed, by {@link RelaySession#close} or with the relay; called once. */
        default void onClosed(RelaySession session) {
        }
    }

    /** A is bound on {@code addressA}, B on {@code addressB}. */
    public enum Leg { A, B }

    private final MediaRelay relay;
    private final Listener listener;
    private final EventLoop loop;
    private final long epochNanos = System.nanoTime();
    private final long timeoutNanos;
    private final long latchWindowNanos;
    private final RelayStream[] streams = new RelayStream[MAX_STREAMS];
    private volatile boolean closed;
    private volatile boolean answered;
    private volatile boolean held;
    private volatile ScheduledFuture<?> ticker;

    // I/O thread only
    /** Per {@link Refusal}: counted up to {@link #REFUSALS_REPORTED_AT}, then left there. */
    private final int[] refusals = new int[Refusal.values().length];
    private boolean active;
    private boolean clockRunning;
    private long idleSince;
    private boolean timedOut;

    RelaySession(MediaRelay relay, Listener listener, EventLoop loop) {
        this.relay = relay;
        this.listener = requireNonNull(listener, "listener");
        this.loop = loop;
        this.timeoutNanos = relay.settings().timeout().toNanos();
        this.latchWindowNanos = relay.settings().latchWindow().toNanos();
        long tick = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, timeoutNanos / 10));
        this.ticker = loop.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
    }

    /**
     * Stream (m-line) {@code index}, 0..{@value #MAX_STREAMS}-1: allocates, once, an even RTP port
     * and RTP + 1 for RTCP on each leg's address; later calls return the same ports. Empty when
     * the port range is exhausted, the index is beyond {@link #MAX_STREAMS} (a hostile SDP), or
     * the session is closed.
     *
     * @throws IllegalArgumentException if {@code index} is negative
     * @throws IllegalStateException if called on one of the relay's I/O threads
     */
    public synchronized Optional<StreamPorts> stream(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index: " + index + " (expected: >= 0)");
        }
        if (closed || index >= MAX_STREAMS) {
            return Optional.empty();
        }
        if (loop.inEventLoop()) {
            throw new IllegalStateException("stream() binds sockets and waits: call it off the relay's I/O threads");
        }
        RelayStream stream = streams[index];
        if (stream == null) {
            stream = relay.allocate(this, index);
            if (stream == null) {
                return Optional.empty();
            }
            streams[index] = stream;
        }
        return Optional.of(stream.ports());
    }

    /**
     * What {@code leg}'s peer signalled in its SDP for stream {@code index}: where its RTP and
     * RTCP go ({@code rtcp} may equal {@code rtp}: rtcp-mux, RFC 5761). A null, wildcard
     * (0.0.0.0, ::) address or port 0 means on hold or declined: nothing is sent to it (for
     * {@code rtcp}: no RTCP is sent). Re-arms latching for that leg: packets within
     * {@code latchWindow} may latch again; a changed RTP address forgets the old latch. The first
     * time both legs of the stream are signalled (the answer), both legs are re-armed, since that
     * is when media starts.
     *
     * @throws IllegalArgumentException if {@code stream(index)} was not allocated
     */
    public synchronized void peer(int index, Leg leg, InetSocketAddress rtp, InetSocketAddress rtcp) {
        requireNonNull(leg, "leg");
        RelayStream stream = allocated(index);
        if (stream == null) {
            if (closed) {
                return;
            }
            throw new IllegalArgumentException("index: " + index + " (expected: a stream allocated by stream(index))");
        }
        long until = System.nanoTime() + latchWindowNanos;
        InetSocketAddress to = usable(rtp);
        SourceLatch self = stream.latch(leg);
        SourceLatch other = stream.latch(leg == Leg.A ? Leg.B : Leg.A);
        boolean first = self.signalled() == null;
        self.signal(new SourceLatch.Signal(to, to == null ? null : usable(rtcp), until));
        SourceLatch.Signal otherSignal = other.signalled();
        if (otherSignal != null) {
            if (first) {
                other.signal(otherSignal.rearmed(until));
            }
            answered = true;
        }
    }

    /**
     * SRTP keys of stream {@code index} on {@code leg}: {@code inbound} is the key {@code leg}'s
     * peer protects its packets with (from its a=crypto), {@code outbound} the key the relay
     * protects what it sends to that peer with (the one in our a=crypto). Either may be null:
     * plain RTP/RTCP that way. Replaces earlier keys (a re-INVITE may re-key): a changed key
     * starts a new context, an unchanged key keeps its state (RFC 4568 §6.4).
     *
     * <p>A packet from a leg with an inbound key is authenticated and decrypted (SRTP, or SRTCP
     * on the RTCP port and for RTCP on an rtcp-mux port) before anything else looks at it; one
     * that fails is dropped and counted ({@code srtpFailed}) and never latches. A packet to a leg
     * with an outbound key is protected before it is sent.
     *
     * @throws IllegalArgumentException if {@code stream(index)} was not allocated, or both keys
     *     are the same (one keystream both ways, and our own packets would authenticate when
     *     reflected back to us)
     */
    public synchronized void srtp(int index, Leg leg, SrtpMasterKey inbound, SrtpMasterKey outbound) {
        requireNonNull(leg, "leg");
        RelayStream stream = allocated(index);
        if (stream == null) {
            if (closed) {
                return;
            }
            throw new IllegalArgumentException("index: " + index + " (expected: a stream allocated by stream(index))");
        }
        if (inbound != null && inbound.equals(outbound)) {
            throw new IllegalArgumentException("outbound: " + outbound
                    + " (expected: a key other than inbound's: each direction has its own)");
        }
        stream.srtp(leg, SrtpLeg.of(stream.srtp(leg), inbound, outbound));
    }

    /**
     * While {@code held}, silence is what the call agreed on (no stream sendrecv: each sendonly,
     * recvonly, inactive or pointed at no address, RFC 3264 §8.4): the idle clock stops, and
     * starts afresh when the hold ends. A
     * call abandoned on hold is then bounded by the signalling's own limits, not this one.
     */
    public void hold(boolean held) {
        this.held = held;
    }

    /** The RTP clock rate of stream {@code index} (from its rtpmap), for the jitter statistic. */
    public synchronized void clockRate(int index, int hertz) {
        if (hertz < 1000 || hertz > 192_000) {
            throw new IllegalArgumentException("hertz: " + hertz + " (expected: 1000..192000)");
        }
        RelayStream stream = allocated(index);
        if (stream != null) {
            stream.clockRate = hertz;
        }
    }

    /** Counters of stream {@code index} per direction; all zero for a stream not allocated. */
    public StreamStats stats(int index) {
        RelayStream stream;
        synchronized (this) {
            stream = allocated(index);
        }
        return stream == null ? StreamStats.EMPTY : stream.stats();
    }

    /** Closes every socket of the session and gives its ports back; idempotent. */
    public void close() {
        RelayStream[] toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = streams.clone();
        }
        ticker.cancel(false);
        for (RelayStream stream : toClose) {
            if (stream != null) {
                RelayStream.Sockets sockets = stream.sockets;
                sockets.a().close();
                sockets.b().close();
            }
        }
        relay.closed(this);
        try {
            listener.onClosed(this);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session close listener failed", e);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    EventLoop loop() {
        return loop;
    }

    // I/O thread

    void activity() {
        active = true;
    }

    /**
     * One packet refused for {@code refusal}: one array write per packet until the threshold,
     * one compare after it; the listener is told once, on the packet that reaches it.
     */
    void refused(Refusal refusal, Leg leg, InetSocketAddress source) {
        int n = refusals[refusal.ordinal()];
        if (n >= REFUSALS_REPORTED_AT) {
            return;
        }
        refusals[refusal.ordinal()] = ++n;
        if (n == REFUSALS_REPORTED_AT) {
            try {
                listener.onRefusals(this, refusal, leg, source);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "refusal listener failed", e);
            }
        }
    }

    /** Arrival time in RTP timestamp units of a {@code clockRate} clock, for RFC 3550 A.8. */
    int arrival(long nowNanos, int clockRate) {
        long micros = (nowNanos - epochNanos) / 1_000;
        return (int) (micros * clockRate / 1_000_000);
    }

    private void tick() {
        if (timedOut || closed) {
            return;
        }
        if (held) {
            clockRunning = false; // starts again at the next tick after the hold ends
            return;
        }
        long now = System.nanoTime();
        if (active) {
            active = false;
            clockRunning = true;
            idleSince = now;
            return;
        }
        if (!clockRunning) {
            if (answered) {
                clockRunning = true;
                idleSince = now;
            }
            return;
        }
        if (now - idleSince >= timeoutNanos) {
            timedOut = true;
            ScheduledFuture<?> t = ticker;
            if (t != null) {
                t.cancel(false);
            }
            try {
                listener.onTimeout(this);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "media timeout listener failed", e);
            }
        }
    }

    private RelayStream allocated(int index) {
        if (index < 0 || index >= MAX_STREAMS) {
            throw new IllegalArgumentException("index: " + index + " (expected: 0.." + (MAX_STREAMS - 1) + ")");
        }
        return streams[index];
    }

    private static InetSocketAddress usable(InetSocketAddress address) {
        if (address == null || address.getPort() == 0 || address.getAddress() == null
                || address.getAddress().isAnyLocalAddress()) {
            return null;
        }
        return address;
    }
}

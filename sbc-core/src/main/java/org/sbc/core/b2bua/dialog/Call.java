package org.sbc.core.b2bua.dialog;

import org.sbc.core.sip.SecurityLabels;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.sbc.core.b2bua.transaction.ClientTransaction;
import org.sbc.core.b2bua.transaction.ServerTransaction;
import org.sbc.core.b2bua.transaction.TimerLanes;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.events.CallRecord;
import org.sbc.core.media.CallMedia;
import org.sbc.core.sip.SipSide;

/**
 * A call through the B2BUA: the caller's leg (a), the callee's leg (b), the INVITE transactions
 * that made it, and its timers. Lives on one shard's event loop; never touched from another
 * thread.
 */
public final class Call {

    public enum State { EARLY, CONFIRMED, TERMINATED }

    /** A 2xx to an INVITE that was relayed to {@code ackFrom}; its ACK goes on to the other leg. */
    public static final class PendingAck {
        public final Leg ackFrom;
        public final long ackFromCseq;
        public final Leg ackTo;
        public final long ackToCseq;
        public final SipResponse relayedOk;
        public final ServerTransaction server;
        public TimerLanes.Timer retransmit;
        public TimerLanes.Timer giveUp;
        public long interval;

        public PendingAck(Leg ackFrom, long ackFromCseq, Leg ackTo, long ackToCseq, SipResponse relayedOk,
                ServerTransaction server) {
            this.ackFrom = ackFrom;
            this.ackFromCseq = ackFromCseq;
            this.ackTo = ackTo;
            this.ackToCseq = ackToCseq;
            this.relayedOk = relayedOk;
            this.server = server;
        }
    }

    private final Leg a;
    private final Leg b;
    private final InetAddress limitedSource;
    private State state = State.EARLY;
    private ServerTransaction invite;
    private ClientTransaction outgoingInvite;
    private boolean provisionalSeen;
    private boolean subscription;
    /** What the edge decided about the request that opened the call, for its record. */
    private SecurityLabels labels = SecurityLabels.NONE;
    /** What the record and events say of the request that opened the call, which is let go. */
    private CallOrigin origin = CallOrigin.NONE;
    private boolean cancelled;
    private boolean cancelPending;
    private PendingAck pendingAck;
    /** The last ACK we sent to the callee for a 2xx, as sent, to answer 2xx retransmissions. */
    private byte[] lastAckToB;
    private final List<TimerLanes.Timer> timers = new ArrayList<>(1);
    /** The early-dialog limit, let go when the call is confirmed rather than left to fire idle. */
    private TimerLanes.Timer earlyTimer;
    /** The call's media through the relay, from its first SDP on; null before, or without anchoring. */
    private CallMedia media;
    private final long createdNanos = System.nanoTime();
    /** When it was answered (or rebuilt confirmed); 0 before. */
    private long confirmedNanos;
    /** Why it ends, once the path that ends it has said; the first to say wins. */
    private CallRecord.Ending ending;

    public Call(Leg a, Leg b, InetAddress limitedSource) {
        this.a = a;
        this.b = b;
        this.limitedSource = limitedSource;
    }

    public CallMedia media() {
        return media;
    }

    public void media(CallMedia media) {
        this.media = media;
    }

    public Leg a() {
        return a;
    }

    public Leg b() {
        return b;
    }

    public Leg leg(SipSide side, String callId) {
        return a.side() == side && a.callId().equals(callId) ? a : b;
    }

    public Leg other(Leg leg) {
        return leg == a ? b : a;
    }

    /** The address counted against max_dialogs_per_source, or null when the caller is inside. */
    public SecurityLabels labels() {
        return labels;
    }

    public void labels(SecurityLabels labels) {
        this.labels = java.util.Objects.requireNonNull(labels, "labels");
    }

    public CallOrigin origin() {
        return origin;
    }

    public void origin(CallOrigin origin) {
        this.origin = java.util.Objects.requireNonNull(origin, "origin");
    }

    public InetAddress limitedSource() {
        return limitedSource;
    }

    public State state() {
        return state;
    }

    public void state(State state) {
        if (state == State.CONFIRMED && confirmedNanos == 0) {
            confirmedNanos = System.nanoTime();
        }
        if (state != State.EARLY) {
            cancelEarlyTimer();
        }
        this.state = state;
    }

    /** Records why the call is ending, unless an earlier path already did (a BYE after the timeout's BYE). */
    public void ending(CallRecord.Ending why) {
        if (ending == null) {
            ending = why;
        }
    }

    /**
     * Why the call ended: what the ending path said, or else what its state tells: cancelled,
     * never answered, or {@link CallRecord.Ending#ENDED}.
     */
    public CallRecord.Ending ending() {
        if (ending != null) {
            return ending;
        }
        if (cancelled) {
            return CallRecord.Ending.CANCELLED;
        }
        return confirmedNanos == 0 ? CallRecord.Ending.NOT_ANSWERED : CallRecord.Ending.ENDED;
    }

    /** Nanoseconds since the call was made. */
    public long ageNanos() {
        return System.nanoTime() - createdNanos;
    }

    /** Milliseconds since the call was made. */
    public long ageMillis() {
        return (System.nanoTime() - createdNanos) / 1_000_000;
    }

    /** Milliseconds since it was answered; -1 when it never was. */
    public long answeredMillis() {
        return confirmedNanos == 0 ? -1 : (System.nanoTime() - confirmedNanos) / 1_000_000;
    }

    public boolean terminated() {
        return state == State.TERMINATED;
    }

    public ServerTransaction invite() {
        return invite;
    }

    public void invite(ServerTransaction invite) {
        this.invite = invite;
    }

    public ClientTransaction outgoingInvite() {
        return outgoingInvite;
    }

    public void outgoingInvite(ClientTransaction transaction) {
        this.outgoingInvite = transaction;
    }

    /** A dialog made by SUBSCRIBE: it ends with a terminating NOTIFY, never with BYE. */
    public boolean subscription() {
        return subscription;
    }

    public void subscription(boolean subscription) {
        this.subscription = subscription;
    }

    public boolean provisionalSeen() {
        return provisionalSeen;
    }

    public void provisionalSeen(boolean seen) {
        this.provisionalSeen = seen;
    }

    public boolean cancelled() {
        return cancelled;
    }

    public void cancelled(boolean cancelled) {
        this.cancelled = cancelled;
    }

    public boolean cancelPending() {
        return cancelPending;
    }

    public void cancelPending(boolean pending) {
        this.cancelPending = pending;
    }

    public PendingAck pendingAck() {
        return pendingAck;
    }

    public void pendingAck(PendingAck pending) {
        this.pendingAck = pending;
    }

    public byte[] lastAckToB() {
        return lastAckToB;
    }

    public void lastAckToB(byte[] ack) {
        this.lastAckToB = ack;
    }

    public void addTimer(TimerLanes.Timer timer) {
        timers.add(timer);
    }

    /** The early-dialog limit's timer; cancelled when the call leaves the early state. */
    public void earlyTimer(TimerLanes.Timer timer) {
        cancelEarlyTimer();
        this.earlyTimer = timer;
    }

    private void cancelEarlyTimer() {
        if (earlyTimer != null) {
            earlyTimer.cancel();
            earlyTimer = null;
        }
    }

    /** Stops every timer; the caller removes the call from its tables. */
    public void stopTimers() {
        cancelEarlyTimer();
        timers.forEach(TimerLanes.Timer::cancel);
        timers.clear();
        if (pendingAck != null) {
            cancel(pendingAck.retransmit);
            cancel(pendingAck.giveUp);
            pendingAck = null;
        }
    }

    private static void cancel(TimerLanes.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}

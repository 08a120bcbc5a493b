package org.sbc.core.b2bua.transaction;

import io.netty.util.concurrent.ScheduledFuture;
import org.sbc.core.b2bua.Target;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.config.Transport;

/**
 * An RFC 3261 §17.2 server transaction: absorbs request retransmissions by resending the last
 * response, retransmits a final non-2xx INVITE response over UDP until the ACK (timer G, H),
 * and lingers after completion (timers I, J) so late retransmissions are still absorbed.
 */
public final class ServerTransaction {

    public enum State { PROCEEDING, ACCEPTED, COMPLETED, CONFIRMED, TERMINATED }

    private final TransactionLayer layer;
    private final String key;
    private final SipRequest request;
    private final Target replyTarget;
    private final boolean invite;
    private State state = State.PROCEEDING;
    private SipResponse lastResponse;
    private ScheduledFuture<?> retransmit;
    private ScheduledFuture<?> timeout;
    private long interval;
    private Object owner;

    ServerTransaction(TransactionLayer layer, String key, SipRequest request, Target replyTarget) {
        this.layer = layer;
        this.key = key;
        this.request = request;
        this.replyTarget = replyTarget;
        this.invite = "INVITE".equals(request.method());
    }

    public SipRequest request() {
        return request;
    }

    /** Whatever the user attached (the call this INVITE created). */
    public Object owner() {
        return owner;
    }

    public ServerTransaction owner(Object owner) {
        this.owner = owner;
        return this;
    }

    public Target replyTarget() {
        return replyTarget;
    }

    public State state() {
        return state;
    }

    public boolean isInvite() {
        return invite;
    }

    /** Completed or Confirmed: a final non-2xx was sent, so an ACK with our branch is its. */
    boolean awaitsOrAbsorbsAck() {
        return state == State.COMPLETED || state == State.CONFIRMED;
    }

    public boolean hasFinalResponse() {
        return lastResponse != null && lastResponse.status() >= 200;
    }

    String key() {
        return key;
    }

    /** Sends {@code response} and moves the state machine. Responses after a final are ignored. */
    public void respond(SipResponse response) {
        if (state != State.PROCEEDING) {
            return;
        }
        lastResponse = response;
        layer.send(replyTarget, response);
        int status = response.status();
        if (status < 200) {
            return;
        }
        boolean udp = replyTarget.transport() == Transport.UDP;
        if (invite && status < 300) {
            // RFC 6026 Accepted: the 2xx is retransmitted by the dialog layer until the ACK
            // (RFC 3261 §13.3.1.4); the transaction only lingers to absorb retransmitted
            // INVITEs, which would otherwise look like a new call.
            state = State.ACCEPTED;
            timeout = layer.schedule(this::terminate, layer.timers().timeout());
        } else if (invite) {
            state = State.COMPLETED;
            if (udp) {
                interval = layer.timers().t1();
                retransmit = layer.schedule(this::retransmitFinal, interval);
            }
            timeout = layer.schedule(this::terminate, layer.timers().timeout());
        } else {
            state = State.COMPLETED;
            timeout = layer.schedule(this::terminate, udp ? layer.timers().timeout() : 0);
        }
    }

    /** A retransmission of the request arrived: resend the last response, if any. */
    void onRetransmission() {
        if (lastResponse != null && state != State.CONFIRMED && state != State.ACCEPTED) {
            layer.send(replyTarget, lastResponse);
        }
    }

    /** The ACK for a non-2xx final response (RFC 3261 §17.2.1, timer I). */
    void onAck() {
        if (!invite || state != State.COMPLETED) {
            return;
        }
        state = State.CONFIRMED;
        cancel(retransmit);
        cancel(timeout);
        timeout = layer.schedule(this::terminate,
                replyTarget.transport() == Transport.UDP ? layer.timers().t4() : 0);
    }

    private void retransmitFinal() {
        if (state != State.COMPLETED) {
            return;
        }
        layer.send(replyTarget, lastResponse);
        interval = Math.min(interval * 2, layer.timers().t2());
        retransmit = layer.schedule(this::retransmitFinal, interval);
    }

    void terminate() {
        state = State.TERMINATED;
        cancel(retransmit);
        cancel(timeout);
        layer.remove(this);
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }
}

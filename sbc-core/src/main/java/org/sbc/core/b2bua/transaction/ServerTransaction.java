package org.sbc.core.b2bua.transaction;

import java.util.concurrent.TimeUnit;
import org.sbc.core.b2bua.Target;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.memory.EntryCosts;
import org.sbc.core.sip.Transport;

/**
 * An RFC 3261 §17.2 server transaction: absorbs request retransmissions by resending the last
 * response, retransmits a final non-2xx INVITE response over UDP until the ACK (timer G, H),
 * and lingers after completion (timers I, J) so late retransmissions are still absorbed.
 */
public final class ServerTransaction {

    public enum State { PROCEEDING, ACCEPTED, COMPLETED, CONFIRMED, TERMINATED }

    private final TransactionLayer layer;
    private final String key;
    private SipRequest request;
    /**
     * The merge key (null with a To tag) and the top Via's branch (only with a merge key: it is
     * what a merged request is told apart by), kept past {@link #release}.
     */
    private final String branch;
    private final String mergeKey;
    private final Target replyTarget;
    private final boolean invite;
    private State state = State.PROCEEDING;
    /** The last provisional response, until a final one replaces it. */
    private SipResponse lastResponse;
    /**
     * A final response to send again (non-2xx INVITE until the ACK, non-INVITE until timer J),
     * kept as the bytes it went out as: a transaction lingers 32 s after it ends over UDP, and
     * the parsed response is most of what it would otherwise hold.
     */
    private byte[] finalResponse;
    private boolean finalSent;
    private TimerLanes.Timer retransmit;
    private TimerLanes.Timer timeout;
    private long interval;
    private Object owner;
    private long lingeringBytes;
    /** When an answered transaction stops absorbing retransmissions (the loop's ticker, nanos). */
    private long lingerUntil;

    ServerTransaction(TransactionLayer layer, String key, SipRequest request, Target replyTarget, String mergeKey) {
        this.layer = layer;
        this.key = key;
        this.request = request;
        this.branch = mergeKey == null ? null : request.topViaBranch();
        this.mergeKey = mergeKey;
        this.replyTarget = replyTarget;
        this.invite = "INVITE".equals(request.method());
    }

    /** The request; null once {@link #release}d. */
    public SipRequest request() {
        return request;
    }

    /**
     * Lets go of the request and the owner once the transaction has answered and its user is done
     * with it (the call ended, the response relayed). It lingers on (timers J and L: 32 s over
     * UDP) to absorb retransmissions, and what it keeps for that is its key and the final response
     * as bytes, not a parsed request and a whole call: 21 KB per ended call before, measured with
     * {@code STAGES=linger bench/calls.sh}.
     */
    public void release() {
        if (finalSent && request != null && state != State.TERMINATED) {
            request = null;
            owner = null;
            lingeringBytes = EntryCosts.LINGERING_SERVER_TRANSACTION + key.length()
                    + (mergeKey == null ? 0 : mergeKey.length()) + (branch == null ? 0 : branch.length())
                    + (finalResponse == null ? 0 : finalResponse.length);
            if (!layer.lingerAsBytes(this)) {
                layer.released(lingeringBytes);
            }
        }
    }

    /**
     * Whether all that is left of this transaction is absorbing: over UDP, an INVITE whose 2xx
     * went out (a retransmitted INVITE is absorbed silently) or a non-INVITE whose final answer
     * went out (sent again). A non-2xx INVITE still retransmits its answer until the ACK.
     */
    boolean onlyAbsorbs() {
        return replyTarget.transport() == Transport.UDP
                && (state == State.ACCEPTED || (state == State.COMPLETED && !invite));
    }

    long lingerUntil() {
        return lingerUntil;
    }

    /** The final response it would send again; null for an INVITE's 2xx. */
    byte[] finalResponse() {
        return finalResponse;
    }

    /**
     * What this transaction weighs in the memory budget once {@link #release}d: its fixed cost and
     * the bytes of what it keeps (its keys, the answer it may send again), whose size the sender
     * chose. Fixed at release; 0 before.
     */
    long lingeringBytes() {
        return lingeringBytes;
    }

    boolean isReleased() {
        return request == null;
    }

    /** The top Via's branch of a request outside a dialog (one with a merge key), else null. */
    String branch() {
        return branch;
    }

    String mergeKey() {
        return mergeKey;
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
        return finalSent;
    }

    String key() {
        return key;
    }

    /** Sends {@code response} and moves the state machine. Responses after a final are ignored. */
    public void respond(SipResponse response) {
        if (state != State.PROCEEDING) {
            return;
        }
        int status = response.status();
        if (status < 200) {
            lastResponse = response;
            layer.send(replyTarget, response);
            return;
        }
        lastResponse = null;
        finalSent = true;
        byte[] bytes = layer.encode(replyTarget, response);
        if (bytes != null) {
            layer.sendEncoded(replyTarget, bytes);
        }
        boolean udp = replyTarget.transport() == Transport.UDP;
        if (invite && status < 300) {
            // RFC 6026 Accepted: the 2xx is retransmitted by the dialog layer until the ACK
            // (RFC 3261 §13.3.1.4); the transaction only lingers to absorb retransmitted
            // INVITEs, which would otherwise look like a new call.
            state = State.ACCEPTED; // nothing to resend: finalResponse stays null
            timeout = lingerFor(layer.timers().timeout());
        } else if (invite) {
            state = State.COMPLETED;
            finalResponse = bytes;
            if (udp) {
                interval = layer.timers().t1();
                retransmit = layer.schedule(this::retransmitFinal, interval);
            }
            timeout = layer.schedule(this::terminate, layer.timers().timeout());
        } else {
            state = State.COMPLETED;
            finalResponse = bytes;
            timeout = lingerFor(udp ? layer.timers().timeout() : 0);
        }
    }

    private TimerLanes.Timer lingerFor(long millis) {
        lingerUntil = layer.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        return layer.schedule(this::terminate, millis);
    }

    /** A retransmission of the request arrived: resend the last response, if any. */
    void onRetransmission() {
        if (state == State.COMPLETED) {
            if (finalResponse != null) {
                layer.sendEncoded(replyTarget, finalResponse);
            }
        } else if (state == State.PROCEEDING && lastResponse != null) {
            layer.send(replyTarget, lastResponse);
        }
    }

    /** The ACK for a non-2xx final response (RFC 3261 §17.2.1, timer I). */
    void onAck() {
        if (!invite || state != State.COMPLETED) {
            return;
        }
        state = State.CONFIRMED;
        finalResponse = null;
        cancel(retransmit);
        cancel(timeout);
        timeout = layer.schedule(this::terminate,
                replyTarget.transport() == Transport.UDP ? layer.timers().t4() : 0);
    }

    private void retransmitFinal() {
        retransmitFinal(true);
    }

    private void retransmitFinal(boolean mayWait) {
        if (state != State.COMPLETED || finalResponse == null) {
            return;
        }
        if (mayWait && layer.holdRetransmission(() -> retransmitFinal(false))) {
            return;
        }
        layer.sendEncoded(replyTarget, finalResponse);
        interval = Math.min(interval * 2, layer.timers().t2());
        retransmit = layer.schedule(this::retransmitFinal, interval);
    }

    void terminate() {
        state = State.TERMINATED;
        letGo();
        layer.remove(this);
    }

    /**
     * Cancels its timers and drops its answers, when it ends or is handed over to {@link
     * LingeringAnswers} (then nothing runs on it any more, and whoever still holds it sees the
     * state it was in): whoever still points at it (its call, until the call ends) should not
     * keep them alive with it.
     */
    void letGo() {
        cancel(retransmit);
        cancel(timeout);
        retransmit = null;
        timeout = null;
        lastResponse = null;
        finalResponse = null;
    }

    private static void cancel(TimerLanes.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}

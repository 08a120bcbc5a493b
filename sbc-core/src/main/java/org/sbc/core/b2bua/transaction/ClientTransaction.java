package org.sbc.core.b2bua.transaction;

import org.sbc.core.b2bua.Target;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.sip.Transport;

/**
 * An RFC 3261 §17.1 client transaction: retransmits over UDP (timers A and E), gives up after
 * 64 × T1 (timers B and F), ACKs non-2xx final INVITE responses itself and absorbs their
 * retransmissions (timer D), and keeps passing 2xx retransmissions up for a while (RFC 6026's
 * Accepted state, timer M) so the dialog layer can re-ACK them.
 */
public final class ClientTransaction {

    public enum State { CALLING, PROCEEDING, ACCEPTED, COMPLETED, TERMINATED }

    private final TransactionLayer layer;
    private final String key;
    /**
     * Until a 2xx accepts an INVITE or a final answer completes any other request: what Accepted
     * and Completed need is the key and the target (and a non-2xx INVITE's ACK).
     */
    private SipRequest request;
    private final String method;
    private final Target target;
    private final TransactionUser user;
    private final boolean invite;
    private State state = State.CALLING;
    private TimerLanes.Timer retransmit;
    private TimerLanes.Timer timeout;
    private long interval;
    private SipRequest ack;
    private Object owner;

    ClientTransaction(TransactionLayer layer, String key, SipRequest request, Target target, TransactionUser user) {
        this.layer = layer;
        this.key = key;
        this.request = request;
        this.target = target;
        this.user = user;
        this.method = request.method();
        this.invite = "INVITE".equals(method);
    }

    /**
     * The request; null once a 2xx accepted the INVITE (the dialog, not the transaction, ACKs it)
     * or a final answer completed a non-INVITE request.
     */
    public SipRequest request() {
        return request;
    }

    public String method() {
        return method;
    }

    public Target target() {
        return target;
    }

    public State state() {
        return state;
    }

    /**
     * Whatever the user attached (the server transaction it relays for, a call); null once a final
     * answer completed a non-INVITE request.
     */
    public Object owner() {
        return owner;
    }

    public ClientTransaction owner(Object owner) {
        this.owner = owner;
        return this;
    }

    String key() {
        return key;
    }

    void start() {
        layer.send(target, request, this::transportError);
        if (state == State.TERMINATED) {
            return; // the send failed at once and the user was told: no timers for a dead transaction
        }
        if (target.transport() == Transport.UDP) {
            interval = layer.timers().t1();
            retransmit = layer.schedule(this::retransmitRequest, interval);
        }
        timeout = layer.schedule(this::timedOut, layer.timers().timeout());
    }

    private void retransmitRequest() {
        retransmitRequest(true);
    }

    private void retransmitRequest(boolean mayWait) {
        if (state != State.CALLING && !(state == State.PROCEEDING && !invite)) {
            return;
        }
        if (mayWait && layer.holdRetransmission(() -> retransmitRequest(false))) {
            return;
        }
        layer.send(target, request, this::transportError);
        interval = invite ? interval * 2 : Math.min(interval * 2, layer.timers().t2());
        retransmit = layer.schedule(this::retransmitRequest, interval);
    }

    private void timedOut() {
        end(Failure.TIMEOUT);
    }

    /** The request could not be sent (RFC 3261 §17.1.4): the transaction ends now, not at Timer B. */
    private void transportError() {
        if (state == State.CALLING || state == State.PROCEEDING) {
            end(Failure.transportError(target));
        }
    }

    private void end(Failure failure) {
        boolean awaitingFinal = state == State.CALLING || state == State.PROCEEDING;
        terminate();
        if (awaitingFinal) {
            user.onFailure(this, failure);
        }
    }

    void onResponse(SipResponse response) {
        int status = response.status();
        switch (state) {
            case CALLING, PROCEEDING -> {
                if (status < 200) {
                    if (state == State.CALLING) {
                        state = State.PROCEEDING;
                        if (invite) {
                            // Timer B guards only the Calling state (RFC 3261 §17.1.1.2): a call
                            // may ring for as long as the early-dialog limit allows.
                            cancel(retransmit);
                            cancel(timeout);
                        } else if (retransmit != null) {
                            // Non-INVITE keeps retransmitting, at T2 (RFC 3261 §17.1.2.2).
                            interval = layer.timers().t2();
                        }
                    }
                    user.onResponse(this, response);
                    return;
                }
                cancel(retransmit);
                cancel(timeout);
                boolean udp = target.transport() == Transport.UDP;
                if (invite && status < 300) {
                    state = State.ACCEPTED;
                    request = null; // an established call would otherwise hold its INVITE
                    timeout = layer.schedule(this::terminate, layer.timers().timeout());
                } else if (invite) {
                    state = State.COMPLETED;
                    ack = ackFor(response);
                    layer.send(target, ack);
                    timeout = layer.schedule(this::terminate, udp ? layer.timers().timerD() : 0);
                } else {
                    state = State.COMPLETED;
                    timeout = layer.schedule(this::terminate, udp ? layer.timers().t4() : 0);
                }
                user.onResponse(this, response);
                if (state == State.COMPLETED && !invite) {
                    // Timer K only swallows retransmitted answers (T4, 5 s over UDP): holding the
                    // request and its owner that long kept a whole ended call per BYE alive.
                    request = null;
                    owner = null;
                }
            }
            case ACCEPTED -> {
                if (status >= 200 && status < 300) {
                    user.onResponse(this, response);
                }
            }
            case COMPLETED -> {
                if (ack != null && status >= 300) {
                    layer.send(target, ack);
                }
            }
            case TERMINATED -> { }
        }
    }

    /** RFC 3261 §17.1.1.3: the ACK for a non-2xx final response belongs to the transaction. */
    private SipRequest ackFor(SipResponse response) {
        return request.ackFor(response);
    }

    /** Ends the transaction at once (e.g. when its call is torn down). */
    public void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        cancel(retransmit);
        cancel(timeout);
        retransmit = null;
        timeout = null;
        ack = null;
        layer.remove(this);
        user.onEnded(this);
    }

    public boolean isInvite() {
        return invite;
    }

    private static void cancel(TimerLanes.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}

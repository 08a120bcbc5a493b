package org.sbc.core.b2bua.transaction;

import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sbc.core.b2bua.Outbound;
import org.sbc.core.b2bua.Target;
import org.sbc.core.codec.SipMessage;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.codec.ViaHop;
import org.sbc.core.memory.EntryCosts;

/**
 * The transactions of one shard. Every method runs on the shard's event loop, so the tables
 * need no locks. Server transactions are keyed by the top Via's branch and sent-by and the
 * method (an ACK or CANCEL finds its INVITE by branch); client transactions by our own branch
 * and the CSeq method.
 */
public final class TransactionLayer {

    private final EventLoop loop;
    private final Outbound outbound;
    private final Timers timers;
    private final TimerLanes lanes;
    private final HeldRetransmissions held;
    private final Map<String, ServerTransaction> servers = new HashMap<>();
    private final Map<String, ClientTransaction> clients = new HashMap<>();
    /** Open request server transactions by Call-ID, From-tag and CSeq: RFC 3261 §8.2.2.2. */
    private final Map<String, ServerTransaction> byMergeKey = new HashMap<>();
    /** Answered UDP transactions that only absorb retransmissions, kept as bytes. */
    private final LingeringAnswers lingering = new LingeringAnswers(this);
    /**
     * How many of {@link #servers} were released (the light ones), and what they and the
     * records of {@link #lingering} weigh.
     */
    private int released;
    private long releasedBytes;

    public TransactionLayer(EventLoop loop, Outbound outbound, Timers timers) {
        this.loop = loop;
        this.outbound = outbound;
        this.timers = timers;
        this.lanes = new TimerLanes(loop);
        this.held = new HeldRetransmissions(outbound.sockets().backlog(), lanes, outbound.counters(), timers.t1());
    }

    public Timers timers() {
        return timers;
    }

    public EventLoop loop() {
        return loop;
    }

    /** The server transaction {@code request} belongs to (for ACK and CANCEL: their INVITE's). */
    public Optional<ServerTransaction> findServer(SipRequest request, String method) {
        return Optional.ofNullable(servers.get(serverKey(request, method)));
    }

    /**
     * Routes a request to an existing server transaction. True when it was one's
     * retransmission or non-2xx ACK and has been absorbed.
     */
    public boolean absorb(SipRequest request) {
        String method = request.method();
        if ("ACK".equals(method)) {
            ServerTransaction invite = servers.get(serverKey(request, "INVITE"));
            if (invite != null && invite.awaitsOrAbsorbsAck()) {
                invite.onAck();
                return true;
            }
            return false;
        }
        String key = serverKey(request, method);
        ServerTransaction existing = servers.get(key);
        if (existing != null) {
            existing.onRetransmission();
            return true;
        }
        LingeringAnswers.Answer answer = lingering.find(key);
        if (answer == null) {
            return false;
        }
        if (answer.bytes() != null) {
            sendEncoded(answer.target(), answer.bytes());
        }
        return true;
    }

    /**
     * Whether the server transaction {@code request} belongs to (a CANCEL's: its INVITE's) has sent
     * its final answer, lingering or not.
     */
    public boolean answered(SipRequest request, String method) {
        String key = serverKey(request, method);
        ServerTransaction server = servers.get(key);
        return server != null ? server.hasFinalResponse() : lingering.lingers(key);
    }

    public ServerTransaction createServer(SipRequest request, Target replyTarget) {
        String key = serverKey(request, request.method());
        String mergeKey = request.toTag() == null ? mergeKey(request) : null;
        ServerTransaction transaction = new ServerTransaction(this, key, request, replyTarget, mergeKey);
        servers.put(key, transaction);
        if (mergeKey != null) {
            byMergeKey.putIfAbsent(mergeKey, transaction);
        }
        return transaction;
    }

    /**
     * True when {@code request} (outside a dialog) is a copy of one we are already handling that
     * reached us by another path (same Call-ID, From-tag, CSeq and Request-URI, another branch): a
     * merged request, which RFC 3261 §8.2.2.2 answers with 482 (Loop Detected).
     *
     * <p>The Request-URI is part of the key because the SBC stands in for every contact registered
     * through it: a registrar that forks a call to two phones of one user sends us two branches
     * that differ only in the Request-URI (each names one contact's token). Those are two user
     * agents being called, not one request arriving twice.
     */
    public boolean isMerged(SipRequest request) {
        if (request.toTag() != null) {
            return false;
        }
        String mergeKey = mergeKey(request);
        ServerTransaction existing = byMergeKey.get(mergeKey);
        if (existing != null) {
            return !Objects.equals(existing.branch(), request.topViaBranch());
        }
        return lingering.mergedWith(mergeKey, request.topViaBranch());
    }

    /** Sends {@code request} (which carries our Via with a fresh branch) as a new transaction. */
    public ClientTransaction startClient(SipRequest request, Target target, TransactionUser user, Object owner) {
        String key = clientKey(request.topViaBranch(), request.cseqMethod());
        ClientTransaction transaction = new ClientTransaction(this, key, request, target, user).owner(owner);
        clients.put(key, transaction);
        transaction.start();
        return transaction;
    }

    /** Delivers a response to its client transaction; false when none matches (a stray). */
    public boolean onResponse(SipResponse response) {
        String branch = response.topViaBranch();
        if (branch == null) {
            return false;
        }
        ClientTransaction transaction = clients.get(clientKey(branch, response.cseqMethod()));
        if (transaction == null) {
            return false;
        }
        transaction.onResponse(response);
        return true;
    }

    void send(Target target, SipMessage message) {
        outbound.send(target, message);
    }

    /** As {@link #send(Target, SipMessage)}; {@code onFailure} runs on this shard's loop. */
    void send(Target target, SipMessage message, Runnable onFailure) {
        outbound.send(target, message, () -> {
            if (loop.inEventLoop()) {
                onFailure.run();
            } else {
                loop.execute(onFailure);
            }
        });
    }

    /** The bytes {@code message} goes out as to {@code target}; null when they may not go out. */
    byte[] encode(Target target, SipMessage message) {
        return outbound.encode(target, message);
    }

    void sendEncoded(Target target, byte[] bytes) {
        outbound.sendEncoded(target, bytes, () -> { });
    }

    TimerLanes.Timer schedule(Runnable task, long millis) {
        return lanes.schedule(task, millis);
    }

    /**
     * Whether a retransmission due now waits: while one of our UDP sockets still holds datagrams
     * that had arrived by then, the answer it is for may be among them ({@link HeldRetransmissions}).
     *
     * @param retransmission sends it once released; it must send without asking again
     * @return false: send now; true: {@code retransmission} runs later, when released
     */
    public boolean holdRetransmission(Runnable retransmission) {
        return held.hold(retransmission);
    }

    /** Retransmissions held now: for tests. */
    int heldRetransmissions() {
        return held.size();
    }

    /** This loop's timers, for the calls of the shard as well as its transactions. */
    public TimerLanes lanes() {
        return lanes;
    }

    /** The loop's clock, which its timers run on. */
    long nanoTime() {
        return loop.ticker().nanoTime();
    }

    /**
     * Moves a released {@code transaction} that only absorbs retransmissions into {@link
     * #lingering}, out of the tables and timers; false (nothing changed) for any other.
     */
    boolean lingerAsBytes(ServerTransaction transaction) {
        if (!transaction.onlyAbsorbs() || servers.get(transaction.key()) != transaction
                || !lingering.add(transaction.key(), transaction.mergeKey(), transaction.branch(),
                        transaction.finalResponse(), transaction.replyTarget(), transaction.lingerUntil(),
                        transaction.lingeringBytes())) {
            return false;
        }
        servers.remove(transaction.key());
        if (transaction.mergeKey() != null) {
            byMergeKey.remove(transaction.mergeKey(), transaction);
        }
        transaction.letGo();
        releasedBytes += transaction.lingeringBytes();
        return true;
    }

    /** A record of {@link #lingering} that weighed {@code bytes} left it. */
    void unlinger(long bytes) {
        releasedBytes -= bytes;
    }

    void remove(ServerTransaction transaction) {
        if (servers.remove(transaction.key(), transaction) && transaction.isReleased()) {
            released--;
            releasedBytes -= transaction.lingeringBytes();
        }
        if (transaction.mergeKey() != null) {
            byMergeKey.remove(transaction.mergeKey(), transaction);
        }
    }

    void remove(ClientTransaction transaction) {
        clients.remove(transaction.key(), transaction);
    }

    /** Server transactions, the ones lingering as bytes included. */
    public int serverCount() {
        return servers.size() + lingering.size();
    }

    /**
     * The server transactions as so many full ones, for the memory budget's bound: one that was
     * {@link ServerTransaction#release}d keeps only its keys and answer, and weighs what that
     * costs ({@link ServerTransaction#lingeringBytes}) against a full one's.
     */
    public int serverLoad() {
        long bytes = (long) (servers.size() - released) * EntryCosts.SERVER_TRANSACTION + releasedBytes;
        return (int) ((bytes + EntryCosts.SERVER_TRANSACTION - 1) / EntryCosts.SERVER_TRANSACTION);
    }

    /** A server transaction of this layer let go of its request and owner; it weighs {@code bytes}. */
    void released(long bytes) {
        released++;
        releasedBytes += bytes;
    }

    public int clientCount() {
        return clients.size();
    }

    private static String serverKey(SipRequest request, String method) {
        ViaHop via = request.topVia().orElseThrow();
        return via.branch().orElse(null) + "|" + via.host() + ':' + via.port() + '|' + method;
    }

    private static String mergeKey(SipRequest request) {
        return request.callId() + '|' + request.fromTag() + '|' + request.cseq() + '|' + request.cseqMethod() + '|'
                + request.requestUri();
    }

    private static String clientKey(String branch, String method) {
        return branch + '|' + method;
    }
}

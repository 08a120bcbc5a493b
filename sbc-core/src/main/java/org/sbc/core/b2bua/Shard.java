package org.sbc.core.b2bua;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.b2bua.dialog.Call;
import org.sbc.core.b2bua.dialog.Leg;
import org.sbc.core.b2bua.pressure.NewWorkShedding;
import org.sbc.core.b2bua.transaction.ServerTransaction;
import org.sbc.core.b2bua.transaction.TransactionLayer;
import org.sbc.core.b2bua.transaction.Timers;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.codec.ViaHop;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SecurityLabels;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

/**
 * One slice of the B2BUA: its transactions, the calls whose Call-IDs hash to it, and the
 * registrations relayed through it. Everything runs on the shard's event loop, so nothing here
 * is locked; a message reaches the right shard because our Call-IDs name their shard and the
 * peers' Call-IDs are hashed.
 */
final class Shard {

    final int index;
    final EventLoop loop;
    final B2buaContext context;
    final TransactionLayer transactions;
    final CallRelay calls;
    final Registrar registrar;
    final NonDialogRelay nonDialog;
    /** Messages handed to this loop from other threads: bounded. */
    final HandOver handOver = new HandOver();
    private final Map<String, Call> dialogs = new HashMap<>();
    /** The reply target of the last UDP request ({@link #sharedWithLast}); this loop's alone. */
    private Target lastUdpReplyTarget;

    Shard(int index, EventLoop loop, B2buaContext context) {
        this.index = index;
        this.loop = loop;
        this.context = context;
        this.transactions = new TransactionLayer(loop, context.outbound, Timers.of(context.config));
        this.calls = new CallRelay(this);
        this.registrar = new Registrar(this);
        this.nonDialog = new NonDialogRelay(this);
    }

    void onMessage(ReceivedMessage message, SipSide side, Channel channel) {
        if (!message.isRequest()) {
            if (!transactions.onResponse((SipResponse) message.message())) {
                context.counters.increment(Counter.UNHANDLED_DROPPED);
            }
            return;
        }
        SipRequest request = message.request();
        if (transactions.absorb(request)) {
            return;
        }
        // Each server transaction lingers up to 64 × T1 after its answer, so a flood spread over
        // many sources (each under its own limits) would grow the table with the flood's rate:
        // the bound comes from the memory budget, and new work stops short of it (shedNewWork).
        if (transactions.serverLoad() >= context.serverTransactionsPerShard
                && !"ACK".equals(request.method())) {
            context.counters.increment(Counter.TRANSACTIONS_REFUSED);
            return;
        }
        Target replyTarget = sharedWithLast(replyTarget(message.peer(), request, side, channel));
        String method = request.method();
        String toTag = request.toTag();
        if (opensNewWork(request) && shedNewWork(request, side, replyTarget, message.ageNanos() / 1_000_000)) {
            return;
        }
        if ("ACK".equals(method)) {
            calls.onAck(request, side);
            return;
        }
        if ("CANCEL".equals(method)) {
            calls.onCancel(request, replyTarget);
            return;
        }
        if (toTag != null) {
            calls.onInDialog(request, side, replyTarget);
            return;
        }
        if (transactions.isMerged(request)) {
            context.counters.increment(Counter.LOOPS_DETECTED);
            reject(request, replyTarget, 482, "Loop Detected");
            return;
        }
        if ("REGISTER".equals(method) && side == SipSide.OUTSIDE) {
            registrar.onRegister(request, replyTarget);
        } else if ("INVITE".equals(method)) {
            calls.onInvite(request, side, replyTarget, callerAccount(message));
        } else if ("SUBSCRIBE".equals(method)) {
            calls.onSubscribe(request, side, replyTarget);
        } else {
            nonDialog.relay(request, side, replyTarget);
        }
    }

    /**
     * The account call admission and fraud limits count for a new call, whatever From it writes:
     * the user whose digest credentials the edge's auth verified (its own challenge or a policy
     * {@code challenge}), as the labels say; else the username of the credentials the request
     * carries for the PBX (pass-through auth: the PBX verifies them against that account, and
     * refuses the call otherwise). Empty without either: the From user is counted.
     */
    private static Optional<String> callerAccount(ReceivedMessage message) {
        SecurityLabels labels = message.message().labels();
        if (labels.auth() == SecurityLabels.Auth.SBC) {
            return labels.user();
        }
        return CallRelay.pbxCredentialsUser(message.request());
    }

    /**
     * {@code target}, or the equal UDP target the previous request had: every transaction keeps
     * its reply target for as long as it lingers (32 s over UDP), and a trunk or a busy phone
     * sends request after request from one address, so one instance serves them all instead of
     * an address object per transaction.
     */
    private Target sharedWithLast(Target target) {
        if (target.connection().isPresent()) {
            return target;
        }
        if (target.equals(lastUdpReplyTarget)) {
            return lastUdpReplyTarget;
        }
        lastUdpReplyTarget = target;
        return target;
    }

    /**
     * Where responses to this request go (RFC 3261 §18.2.2, RFC 3581): the source address, at
     * the source port when the request asked for rport, else the Via port; over TCP or TLS, the
     * connection it came on.
     */
    static Target replyTarget(Peer peer, SipRequest request, SipSide side, Channel channel) {
        if (peer.transport().isReliable()) {
            return new Target(side, peer.transport(), peer.remote(), Optional.of(channel));
        }
        ViaHop via = request.topVia().orElseThrow();
        int port = via.rport() ? peer.remote().getPort() : via.port() > 0 ? via.port() : 5060;
        return Target.of(side, Transport.UDP, new InetSocketAddress(peer.remote().getAddress(), port));
    }

    /**
     * A request outside any dialog that starts a transaction of its own (not an ACK or CANCEL of
     * one already there): the new work that pressure sheds, and that gives way first at the hand-over.
     */
    static boolean opensNewWork(SipRequest request) {
        String method = request.method();
        return request.toTag() == null && !"ACK".equals(method) && !"CANCEL".equals(method);
    }

    /**
     * Refuses new work the shedding judge turns away with a stateless 503 and Retry-After: no
     * transaction is made for it, so a refused request costs no more than its answer (a
     * retransmission is answered again the same way).
     */
    private boolean shedNewWork(SipRequest request, SipSide side, Target replyTarget, long waitedMillis) {
        String method = request.method();
        boolean opensDialog = "INVITE".equals(method) || "SUBSCRIBE".equals(method);
        Optional<NewWorkShedding.Reason> shed = context.shedding.judge(side == SipSide.OUTSIDE,
                replyTarget.address().getAddress(), opensDialog, new NewWorkShedding.Load(context.calls.get(),
                        context.config.maxDialogs(), transactions.serverLoad(), context.serverTransactionsPerShard,
                        waitedMillis, context.config.t1Millis()));
        if (shed.isEmpty()) {
            return false;
        }
        switch (shed.get()) {
            case FIRST_SEEN_LATE -> {
                context.counters.increment(Counter.NEW_WORK_DROPPED_LATE);
                return true;
            }
            case FIRST_SEEN -> context.counters.increment(Counter.NEW_WORK_SHED_FIRST_SEEN);
            case TRANSACTIONS_FULL -> context.counters.increment(Counter.NEW_WORK_SHED_TRANSACTIONS);
        }
        rejectStatelessly(request, replyTarget, 503, "Service Unavailable");
        return true;
    }

    /**
     * Answers {@code request} without a transaction, with a Retry-After spread over 10 to 30 s
     * so that the callers turned away together do not all come back in the same second.
     */
    void rejectStatelessly(SipRequest request, Target replyTarget, int status, String reason) {
        SipResponse response = context.response(request, status, reason);
        response.retryAfter(NewWorkShedding.retryAfterSeconds());
        context.outbound.send(replyTarget, response);
    }

    /** Answers {@code request} ourselves through a new server transaction. */
    void reject(SipRequest request, Target replyTarget, int status, String reason) {
        ServerTransaction server = transactions.createServer(request, replyTarget);
        server.respond(context.response(request, status, reason));
    }

    // ---- the dialog table: side | Call-ID | our tag -> call ----

    void register(Call call, Leg leg) {
        String key = key(leg.side(), leg.callId(), leg.localTag());
        dialogs.put(key, call);
        context.directory.put(key, call);
    }

    Call find(SipSide side, String callId, String localTag) {
        return dialogs.get(key(side, callId, localTag));
    }

    void unregister(Call call) {
        for (Leg leg : new Leg[] {call.a(), call.b()}) {
            String key = key(leg.side(), leg.callId(), leg.localTag());
            dialogs.remove(key, call);
            context.directory.remove(key, call);
        }
    }

    int dialogCount() {
        return dialogs.size();
    }

    static String key(SipSide side, String callId, String tag) {
        return side.name() + '|' + callId + '|' + tag;
    }
}

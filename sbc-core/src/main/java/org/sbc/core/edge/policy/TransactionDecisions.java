package org.sbc.core.edge.policy;

import java.util.concurrent.ConcurrentHashMap;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.ViaHop;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.policies.Decision;
import org.sbc.policies.PolicyEvaluator;
import org.sbc.policies.Side;

/**
 * The policy's decision on each recent request transaction, so that a retransmission (the same
 * transaction sent again, RFC 3261 §17.2.3) gets the decision of its first transmission without
 * being evaluated again: it takes no second rate-limit token, counts no second rule hit, reports
 * no second event and requests no second ban. The policy decides per request, not per datagram.
 *
 * <p>Bounded: two generations of at most {@link #MAX_PER_GENERATION} entries each; the young one
 * becomes the old one (and the old one is dropped) when it is full or {@link #GENERATION_MILLIS}
 * old, so a decision is kept between one generation and two. Retransmissions of an INVITE stop at
 * its first provisional answer, which the SBC gives at once; a non-INVITE's come within seconds.
 * A flood of distinct transactions shortens what is kept: a retransmission of a transaction
 * forgotten that way is evaluated again, as a new request (fails open to per-datagram counting,
 * never to a wrong decision). A decision made under a policy since replaced is not reused.
 */
final class TransactionDecisions {

    /** Entries per generation: at most ~700 bytes each with their key and decision, so ~23 MB for both at worst. */
    static final int MAX_PER_GENERATION = 16_384;
    /**
     * A longer key (the branch, Call-ID and host are the sender's text) is not remembered, so no
     * entry grows with what an attacker writes; its retransmissions are evaluated again, as
     * requests of their own. Real branches and Call-IDs are a few dozen characters.
     */
    static final int MAX_KEY_CHARS = 256;
    /** Timer B and F (64 × T1, RFC 3261 §17): no retransmission comes later than this. */
    static final long GENERATION_MILLIS = 32_000L;

    private record Remembered(PolicyEvaluator evaluator, Decision decision) {}

    private volatile ConcurrentHashMap<String, Remembered> young = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<String, Remembered> old = new ConcurrentHashMap<>();
    private volatile long youngSince;

    TransactionDecisions(long nowMillis) {
        this.youngSince = nowMillis;
    }

    /**
     * The key of the request's transaction (RFC 3261 §17.2.3): the top Via's branch and sent-by
     * when the branch carries the magic cookie, else (RFC 2543 peers) Call-ID, CSeq and From tag;
     * with the method (a CANCEL shares its INVITE's branch), the side and the source address (no
     * one else's datagram can take a transaction's decision). Null when the request has no Via or
     * the key would be longer than {@link #MAX_KEY_CHARS}: such a transaction is not remembered.
     */
    static String keyOf(ReceivedMessage message, Side side) {
        SipRequest request = message.request();
        ViaHop via = request.topVia().orElse(null);
        if (via == null) {
            return null;
        }
        String source = (side == Side.INSIDE ? "i " : "o ") + message.peer().remote().getAddress().getHostAddress();
        String branch = via.branch().orElse("");
        String key;
        if (branch.startsWith("z9hG4bK")) {
            key = request.method() + ' ' + source + ' ' + branch + ' ' + via.host() + ':' + via.port();
        } else {
            String fromTag = request.from().map(NameAddress::tag).orElse("");
            key = request.method() + ' ' + source + ' ' + request.callId() + ' ' + request.cseq() + ' ' + fromTag;
        }
        return key.length() <= MAX_KEY_CHARS ? key : null;
    }

    /** The decision {@code evaluator} made on this transaction before, or null. */
    Decision find(String key, PolicyEvaluator evaluator) {
        Remembered remembered = young.get(key);
        if (remembered == null) {
            remembered = old.get(key);
        }
        return remembered != null && remembered.evaluator() == evaluator ? remembered.decision() : null;
    }

    void remember(String key, PolicyEvaluator evaluator, Decision decision, long nowMillis) {
        ConcurrentHashMap<String, Remembered> current = young;
        if (current.size() >= MAX_PER_GENERATION || nowMillis - youngSince >= GENERATION_MILLIS) {
            current = rotate(current, nowMillis);
        }
        current.put(key, new Remembered(evaluator, decision));
    }

    private synchronized ConcurrentHashMap<String, Remembered> rotate(ConcurrentHashMap<String, Remembered> seen,
            long nowMillis) {
        if (young == seen) { // not rotated by another thread meanwhile
            old = seen;
            young = new ConcurrentHashMap<>();
            youngSince = nowMillis;
        }
        return young;
    }

    /** Transactions remembered (both generations); for tests. */
    int size() {
        return young.size() + old.size();
    }
}

package org.sbc.core.edge.sanity;

import io.netty.channel.ChannelHandler.Sharable;
import java.util.OptionalInt;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.edge.EdgeContext;
import org.sbc.core.edge.EdgeStep;
import org.sbc.core.edge.Verdict;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.ReceivedMessage;

/**
 * RFC 3261 checks on a message that parsed (like Kamailio's {@code sanity} module): the
 * mandatory headers, a non-empty Call-ID, Max-Forwards, CSeq method against the request method, a
 * Request-URI scheme we can route, and a SIP or SIPS address-of-record in the To of a REGISTER. (The SIP version is checked on the raw start line by the
 * codec: JAIN-SIP rewrites whatever version it parses.) Fails closed. An ACK is never answered, only dropped.
 */
@Sharable
public final class SipSanity extends EdgeStep {

    public SipSanity(EdgeContext context) {
        super(context);
    }

    @Override
    protected String stepName() {
        return "sanity";
    }

    @Override
    protected Verdict decide(ReceivedMessage received) {
        if (!received.message().hasMandatoryHeaders()) {
            return Verdict.drop(Counter.SANITY_DROPPED); // nothing to address an answer with
        }
        if (!received.isRequest()) {
            return Verdict.pass();
        }
        Verdict verdict = checkRequest(received.request());
        boolean isAck = "ACK".equals(received.request().method());
        return isAck && verdict.action() == Verdict.Action.ANSWER ? Verdict.drop(Counter.SANITY_DROPPED) : verdict;
    }

    private static boolean isSipScheme(String scheme) {
        return "sip".equalsIgnoreCase(scheme) || "sips".equalsIgnoreCase(scheme);
    }

    private static Verdict checkRequest(SipRequest request) {
        if (request.callId() == null || request.callId().isBlank()) {
            return Verdict.answer(400, "Bad Call-ID", Counter.SANITY_REJECTED);
        }
        String scheme = request.requestUri().scheme();
        if (!"sip".equals(scheme) && !"sips".equals(scheme) && !"tel".equals(scheme)) {
            return Verdict.answer(416, "Unsupported URI Scheme", Counter.SANITY_REJECTED);
        }
        String aorScheme = request.to().flatMap(to -> to.uri()).map(uri -> uri.scheme()).orElse("");
        if ("REGISTER".equals(request.method()) && !isSipScheme(aorScheme)) {
            // RFC 3261 §10: the To of a REGISTER is the address-of-record, a SIP or SIPS URI
            // (RFC 4475 §3.3.4 unksm2 registers isbn:2983792873).
            return Verdict.answer(400, "Bad Address-of-Record", Counter.SANITY_REJECTED);
        }
        if (!request.method().equals(request.cseqMethod())) {
            return Verdict.answer(400, "CSeq Method Mismatch", Counter.SANITY_REJECTED);
        }
        OptionalInt maxForwards = request.maxForwards();
        if (maxForwards.isEmpty()) {
            return Verdict.answer(400, "Missing Max-Forwards", Counter.SANITY_REJECTED);
        }
        // OPTIONS with Max-Forwards 0 is a probe of this hop (RFC 3261 §16.3 item 2): the
        // OPTIONS step answers it. Anything else with no hops left must stop here.
        if (maxForwards.getAsInt() == 0 && !"OPTIONS".equals(request.method())) {
            return Verdict.answer(483, "Too Many Hops", Counter.SANITY_REJECTED);
        }
        return Verdict.pass();
    }
}

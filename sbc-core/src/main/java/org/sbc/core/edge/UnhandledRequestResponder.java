package org.sbc.core.edge;

import io.netty.channel.ChannelHandler.Sharable;
import javax.sip.message.Request;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.ReceivedMessage;

/**
 * The end of the pipeline: a request that no step handled gets {@code 501 Not Implemented}, so
 * the sender stops retransmitting; responses and ACKs that nothing expects are dropped. Until
 * the B2BUA exists, that is every request but OPTIONS to the SBC itself.
 */
@Sharable
public final class UnhandledRequestResponder extends EdgeStep {

    public UnhandledRequestResponder(EdgeContext context) {
        super(context);
    }

    @Override
    protected Verdict decide(ReceivedMessage message) {
        if (!message.isRequest() || Request.ACK.equals(message.request().getMethod())) {
            return Verdict.drop(Counter.UNHANDLED_DROPPED);
        }
        return Verdict.answer(501, "Not Implemented", Counter.UNHANDLED_ANSWERED);
    }
}

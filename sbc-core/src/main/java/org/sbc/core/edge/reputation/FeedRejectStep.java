package org.sbc.core.edge.reputation;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandler.Sharable;
import org.sbc.core.edge.EdgeContext;
import org.sbc.core.edge.EdgeStep;
import org.sbc.core.edge.Verdict;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.ReceivedMessage;

/**
 * A feed's {@code reject}: the source's requests are answered 403, its responses and ACKs
 * dropped (an ACK is never answered). Runs right after the sanity checks: an answer needs a
 * parsed request, which is the one thing {@code reject} costs over {@code drop}. Which sources
 * it rejects is {@link Reputation#rejects}'s answer, ranked with everything else there.
 */
@Sharable
public final class FeedRejectStep extends EdgeStep {

    private final Reputation reputation;

    public FeedRejectStep(EdgeContext context, Reputation reputation) {
        super(context);
        this.reputation = requireNonNull(reputation, "reputation");
    }

    @Override
    protected String stepName() {
        return "feed_reject";
    }

    @Override
    protected Verdict decide(ReceivedMessage message) {
        if (!reputation.rejects(message.peer().remote().getAddress())) {
            return Verdict.pass();
        }
        if (!message.isRequest() || "ACK".equals(message.request().method())) {
            return Verdict.drop(Counter.FEED_REJECTED);
        }
        return Verdict.answer(403, "Forbidden", Counter.FEED_REJECTED);
    }
}

package org.sbc.core.edge.sanity;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.System.Logger.Level;
import org.sbc.core.codec.RawAnswer;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.edge.EdgeContext;
import org.sbc.core.log.SourceRateLimitedLog;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.MalformedMessage;
import org.sbc.core.sip.MalformedMessage.Problem;

/**
 * Answers what the codec could not accept with the status its {@link Problem} names (400,
 * 505 or 513) when the request carries enough to be answered, otherwise nothing. The answer is
 * built from the parsed request when JAIN-SIP could read its Via, From, To, Call-ID and CSeq,
 * else from those raw lines ({@link RawAnswer}). Fails closed: a malformed message never travels
 * further. Logged at most once per source per minute, in our words only.
 */
@Sharable
public final class MalformedMessageResponder extends ChannelInboundHandlerAdapter {

    private static final SourceRateLimitedLog LOG =
            SourceRateLimitedLog.perMinute(System.getLogger(MalformedMessageResponder.class.getName()));

    private final EdgeContext context;

    public MalformedMessageResponder(EdgeContext context) {
        this.context = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MalformedMessage malformed)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean answered = malformed.isAnswerable();
        LOG.log(Level.INFO, malformed.peer().remote().getAddress(), () -> "malformed SIP from "
                + malformed.peer() + ": " + malformed.problem().reasonPhrase()
                + (answered ? " (answered)" : " (dropped)") + "; further ones from this source"
                + " are counted, not logged, for a minute");
        if (!answered) {
            context.counters().increment(Counter.MALFORMED_DROPPED);
            return;
        }
        context.counters().increment(Counter.MALFORMED_ANSWERED);
        Problem problem = malformed.problem();
        if (malformed.answerable().isPresent()) {
            SipRequest request = malformed.answerable().get();
            context.sender().send(ctx.channel(), malformed.peer(),
                    context.responses().create(request, problem.status(), problem.reasonPhrase()));
        } else {
            RawAnswer raw = malformed.rawAnswer().get();
            context.sender().send(ctx.channel(), malformed.peer(), raw,
                    raw.response(problem.status(), problem.reasonPhrase()));
        }
    }
}

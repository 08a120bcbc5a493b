package org.sbc.core.edge.pressure;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.util.Optional;
import org.sbc.core.b2bua.pressure.NewWorkShedding;
import org.sbc.core.codec.RawAnswer;
import org.sbc.core.edge.EdgeContext;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.SipSide;

/**
 * Refuses a first-seen source's new work under pressure from its raw bytes, before the parse:
 * the first step after a transport's framing. A distributed flood's INVITEs are each refused by
 * the B2BUA's shedding judge anyway; parsing every one in full first is what kept the event loops
 * from answering anyone else (docs/benchmarks.md, the distributed flood). Here a refusal costs a
 * scan of the start line and the header lines and a stateless 503 built from them.
 *
 * <p>A frame is refused when all of these hold, cheapest first: it came in on the outside; its
 * start line names {@code INVITE}, {@code SUBSCRIBE} or {@code REGISTER}; it has a complete header
 * block whose To lines hold no {@code tag} (a new request, not one inside a dialog); the judge
 * ({@link Judge}, the B2BUA's {@code NewWorkShedding}) found pressure lately and does not know the
 * source; and the lines a response echoes can be read ({@link RawAnswer}). The answer is {@code
 * 503 Service Unavailable} with a To-tag and a {@code Retry-After} of 10..30 s, as the B2BUA's
 * stateless 503 has; nothing is kept for it.
 *
 * <p>Every other frame goes on to the decoder unchanged, so its limits and strictness are those of
 * every parsed message; whatever this step cannot read, it passes on. Fails open: a request it
 * lets through meets the judge again after the parse. It protects the SBC itself, so it enforces
 * directly, like the judge behind it.
 */
@Sharable
public final class PreParseShedding extends ChannelInboundHandlerAdapter {

    /** The B2BUA's answer for a request refused unparsed; also counts it against the new-dialog rate. */
    @FunctionalInterface
    public interface Judge {

        /** @param opensDialog an INVITE or SUBSCRIBE */
        boolean sheds(InetAddress source, boolean opensDialog);
    }

    private static final int SERVICE_UNAVAILABLE = 503;
    private static final String REASON = "Service Unavailable";

    private final EdgeContext context;
    private final Judge judge;

    public PreParseShedding(EdgeContext context, Judge judge) {
        this.context = requireNonNull(context, "context");
        this.judge = requireNonNull(judge, "judge");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof SipFrame frame && SipSide.of(ctx.channel()) == SipSide.OUTSIDE && shed(ctx, frame)) {
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** True when the frame was refused (answered or, unreadable for an answer, left to the decoder). */
    private boolean shed(ChannelHandlerContext ctx, SipFrame frame) {
        byte[] bytes = frame.bytes();
        RawNewRequest request = RawNewRequest.read(bytes);
        if (request == null || !judge.sheds(frame.peer().remote().getAddress(), request.opensDialog())) {
            return false;
        }
        Optional<RawAnswer> raw = RawAnswer.of(bytes, request.start(), request.headerEnd());
        if (raw.isEmpty()) {
            return false; // the decoder answers it as what it is: malformed
        }
        context.counters().increment(Counter.NEW_WORK_SHED_BEFORE_PARSE);
        RawAnswer answer = raw.get();
        context.sender().send(ctx.channel(), frame.peer(), answer, answer.response(SERVICE_UNAVAILABLE, REASON,
                context.responses().tagFor(answer), "Retry-After: " + NewWorkShedding.retryAfterSeconds()));
        return true;
    }
}

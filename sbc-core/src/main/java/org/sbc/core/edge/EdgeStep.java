package org.sbc.core.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.sbc.core.codec.SipResponse;
import java.util.concurrent.atomic.LongAdder;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.ResponseSender;
import org.sbc.core.sip.Responses;

/**
 * The mechanics every edge step shares: read a {@link ReceivedMessage}, ask the concrete step
 * for its {@link Verdict}, then pass the message on, answer it, or drop it, and count. A
 * concrete step answers only its one question in {@link #decide}. Anything that is not a
 * {@link ReceivedMessage} passes through untouched.
 */
public abstract class EdgeStep extends ChannelInboundHandlerAdapter {

    private final Responses responses;
    private final ResponseSender sender;
    private final Counters counters;
    /** Written once, racily but idempotently: every thread computes the same adders. */
    private volatile LongAdder[] verdicts;

    protected EdgeStep(EdgeContext context) {
        this.responses = context.responses();
        this.sender = context.sender();
        this.counters = context.counters();
    }

    protected abstract Verdict decide(ReceivedMessage message);

    /** The step's name in {@code sbc_edge_verdicts_total}: a constant, never anything a peer sent. */
    protected abstract String stepName();

    /** This step's pass, answer and drop series, looked up once (stepName is a constant). */
    private LongAdder[] verdictSeries() {
        LongAdder[] series = verdicts;
        if (series == null) {
            Verdict.Action[] actions = Verdict.Action.values();
            series = new LongAdder[actions.length];
            for (Verdict.Action action : actions) {
                series[action.ordinal()] = counters.verdicts().series(stepName(), action.word());
            }
            verdicts = series;
        }
        return series;
    }

    /** For a step whose decision depends on the channel (the side it serves); most need only the message. */
    protected Verdict decide(ChannelHandlerContext ctx, ReceivedMessage message) {
        return decide(message);
    }

    /** Adds step-specific headers to an answer; most steps add none. */
    protected void decorate(SipResponse response, ReceivedMessage message) {}

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ReceivedMessage message)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Verdict verdict = decide(ctx, message);
        verdictSeries()[verdict.action().ordinal()].increment();
        switch (verdict.action()) {
            case PASS -> ctx.fireChannelRead(message);
            case DROP -> {
                counters.increment(verdict.counter());
                counters.messageHandling().observeNanos(message.ageNanos());
            }
            case ANSWER -> {
                counters.increment(verdict.counter());
                SipResponse response = responses.create(message.request(), verdict.status(), verdict.reasonPhrase());
                verdict.headers().forEach(response::addHeader);
                decorate(response, message);
                sender.send(ctx.channel(), message.peer(), response);
                counters.messageHandling().observeNanos(message.ageNanos());
            }
        }
    }
}

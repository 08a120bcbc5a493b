package org.sbc.core.edge;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import org.sbc.core.codec.SipMessageDecoder;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.options.OptionsResponder;
import org.sbc.core.edge.options.SelfAddresses;
import org.sbc.core.edge.sanity.MalformedMessageResponder;
import org.sbc.core.edge.sanity.SipSanity;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Responses;

/**
 * The ordered edge steps that follow a transport's framing, cheapest first (see
 * docs/architecture.md). One instance per server: every handler in it is sharable and holds no
 * per-channel state, so all listeners and connections share them.
 */
public final class EdgePipeline {

    private final SipMessageDecoder decoder;
    private final MalformedMessageResponder malformed;
    private final SipSanity sanity;
    private final OptionsResponder options;
    private final ChannelHandler core;

    /** @param core the last step: the B2BUA, which every message that passed the edge reaches */
    public EdgePipeline(SbcConfig config, Counters counters, ChannelHandler core) {
        EdgeContext context = EdgeContext.of(new Responses(config.sip().serverHeader()), counters);
        this.decoder = new SipMessageDecoder(config.limits(), counters);
        this.malformed = new MalformedMessageResponder(context);
        this.sanity = new SipSanity(context);
        this.options = new OptionsResponder(context, new SelfAddresses(config));
        this.core = core;
    }

    /** Appends the steps after the framing handler the transport has already added. */
    public void appendTo(ChannelPipeline pipeline) {
        pipeline.addLast("sip-decoder", decoder)
                .addLast("malformed", malformed)
                .addLast("sanity", sanity)
                .addLast("options", options)
                .addLast("b2bua", core);
    }
}

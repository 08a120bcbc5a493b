package org.sbc.core.edge;

import io.netty.channel.ChannelPipeline;
import java.time.InstantSource;
import org.sbc.core.codec.SipMessageDecoder;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.edge.flood.RateLimiter;
import org.sbc.core.edge.options.OptionsResponder;
import org.sbc.core.edge.options.SelfAddresses;
import org.sbc.core.edge.sanity.MalformedMessageResponder;
import org.sbc.core.edge.sanity.SipSanity;
import org.sbc.core.events.SecurityEventSink;
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
    private final RateLimiter rateLimiter;
    private final OptionsResponder options;
    private final UnhandledRequestResponder unhandled;

    /** Without security events, on the system clock; for tests of the other steps. */
    public EdgePipeline(SbcConfig config, Counters counters) {
        this(config, counters, SecurityEventSink.NONE, InstantSource.system());
    }

    public EdgePipeline(SbcConfig config, Counters counters, SecurityEventSink events, InstantSource clock) {
        EdgeContext context = EdgeContext.of(new Responses(config.sip().serverHeader()), counters);
        this.decoder = new SipMessageDecoder(config.limits(), counters);
        this.malformed = new MalformedMessageResponder(context);
        this.sanity = new SipSanity(context);
        this.rateLimiter = new RateLimiter(context, config.security().rateLimit(),
                new Exemptions(config.security().trusted(), config.security().allow()), events, clock);
        this.options = new OptionsResponder(context, new SelfAddresses(config));
        this.unhandled = new UnhandledRequestResponder(context);
    }

    /** Appends the steps after the framing handler the transport has already added. */
    public void appendTo(ChannelPipeline pipeline) {
        pipeline.addLast("sip-decoder", decoder)
                .addLast("malformed", malformed)
                .addLast("sanity", sanity)
                .addLast("rate-limit", rateLimiter)
                .addLast("options", options)
                .addLast("unhandled", unhandled);
    }
}

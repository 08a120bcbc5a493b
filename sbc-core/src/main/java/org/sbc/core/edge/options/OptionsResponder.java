package org.sbc.core.edge.options;

import io.netty.channel.ChannelHandler.Sharable;
import org.sbc.core.codec.HeaderField;
import org.sbc.core.codec.PreparedHeader;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.edge.EdgeContext;
import org.sbc.core.edge.EdgeStep;
import org.sbc.core.edge.Verdict;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.ReceivedMessage;

/**
 * Answers OPTIONS addressed to the SBC itself (the health probe of trunks, PBXs and load
 * balancers) with {@code 200 OK}, and OPTIONS with Max-Forwards 0 (RFC 3261 §16.3: a probe of
 * this hop). Allow lists only the methods the SBC handles today.
 */
@Sharable
public final class OptionsResponder extends EdgeStep {

    /** The methods this release handles; it grows with the B2BUA. */
    static final String ALLOWED_METHODS = "OPTIONS";

    private static final PreparedHeader ALLOW = PreparedHeader.of(new HeaderField("Allow", ALLOWED_METHODS));
    private static final PreparedHeader ACCEPT = PreparedHeader.of(new HeaderField("Accept", "application/sdp"));
    private static final PreparedHeader SUPPORTED = PreparedHeader.of(new HeaderField("Supported", ""));

    private final SelfAddresses self;

    public OptionsResponder(EdgeContext context, SelfAddresses self) {
        super(context);
        this.self = self;
    }

    @Override
    protected String stepName() {
        return "options";
    }

    @Override
    protected Verdict decide(ReceivedMessage message) {
        if (!message.isRequest() || !"OPTIONS".equals(message.request().method())) {
            return Verdict.pass();
        }
        SipRequest request = message.request();
        boolean noHopsLeft = request.maxForwards().orElse(-1) == 0;
        if (noHopsLeft || self.isSelf(request.requestUri(), message.peer())) {
            return Verdict.answer(200, "OK", Counter.OPTIONS_ANSWERED);
        }
        return Verdict.pass();
    }

    @Override
    protected void decorate(SipResponse response, ReceivedMessage message) {
        response.addHeader(ALLOW);
        response.addHeader(ACCEPT);
        response.addHeader(SUPPORTED);
    }
}

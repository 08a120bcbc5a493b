package org.sbc.core.edge.options;

import gov.nist.javax.sip.header.Accept;
import gov.nist.javax.sip.header.Allow;
import gov.nist.javax.sip.header.Supported;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.ChannelHandler.Sharable;
import java.text.ParseException;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.message.Request;
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
    static final String ALLOWED_METHODS = Request.OPTIONS;

    private final SelfAddresses self;

    public OptionsResponder(EdgeContext context, SelfAddresses self) {
        super(context);
        this.self = self;
    }

    @Override
    protected Verdict decide(ReceivedMessage message) {
        if (!message.isRequest() || !Request.OPTIONS.equals(message.request().getMethod())) {
            return Verdict.pass();
        }
        SIPRequest request = message.request();
        MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        boolean noHopsLeft = maxForwards != null && maxForwards.getMaxForwards() == 0;
        if (noHopsLeft || self.isSelf(request.getRequestURI(), message.peer())) {
            return Verdict.answer(200, "OK", Counter.OPTIONS_ANSWERED);
        }
        return Verdict.pass();
    }

    @Override
    protected void decorate(SIPResponse response, ReceivedMessage message) {
        try {
            Allow allow = new Allow();
            allow.setMethod(ALLOWED_METHODS);
            response.addHeader(allow);
            Accept accept = new Accept();
            accept.setContentType("application");
            accept.setContentSubType("sdp");
            response.addHeader(accept);
            response.addHeader(new Supported(""));
        } catch (ParseException e) {
            throw new IllegalStateException("constant headers failed to build", e);
        }
    }
}

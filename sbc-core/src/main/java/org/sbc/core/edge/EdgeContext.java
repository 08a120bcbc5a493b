package org.sbc.core.edge;

import static java.util.Objects.requireNonNull;

import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ResponseSender;
import org.sbc.core.sip.Responses;

/** What every edge step needs to answer and count; built once per server, shared. */
public record EdgeContext(Responses responses, ResponseSender sender, Counters counters) {

    public EdgeContext {
        requireNonNull(responses, "responses");
        requireNonNull(sender, "sender");
        requireNonNull(counters, "counters");
    }

    public static EdgeContext of(Responses responses, Counters counters) {
        return new EdgeContext(responses, new ResponseSender(counters), counters);
    }
}

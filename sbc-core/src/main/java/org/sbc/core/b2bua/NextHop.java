package org.sbc.core.b2bua;

import static java.util.Objects.requireNonNull;

import org.sbc.core.codec.SipUri;

/** Where a new request goes on the other leg: its Request-URI and its target. */
public record NextHop(SipUri requestUri, Target target) {

    public NextHop {
        requireNonNull(requestUri, "requestUri");
        requireNonNull(target, "target");
    }
}

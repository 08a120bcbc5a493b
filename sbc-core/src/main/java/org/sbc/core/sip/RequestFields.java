package org.sbc.core.sip;

import java.util.Optional;
import org.sbc.core.codec.SipRequest;

/**
 * The attacker-controlled fields a security event carries, read from a parsed request as they
 * were sent. They go to event sinks raw; each sink encodes and caps them for its format. They
 * never go into a log line.
 */
public final class RequestFields {

    private RequestFields() {}

    public static Optional<String> userAgent(SipRequest request) {
        return request.header("User-Agent");
    }

    public static Optional<String> from(SipRequest request) {
        return request.header("From");
    }

    public static Optional<String> to(SipRequest request) {
        return request.header("To");
    }

    public static Optional<String> requestUri(SipRequest request) {
        return Optional.of(request.requestUri().toString());
    }
}

package org.sbc.core.sip;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.Optional;
import javax.sip.header.UserAgentHeader;

/**
 * The attacker-controlled fields a security event carries, read from a parsed request as they
 * were sent. They go to event sinks raw; each sink encodes and caps them for its format. They
 * never go into a log line.
 */
public final class RequestFields {

    private RequestFields() {}

    public static Optional<String> userAgent(SIPRequest request) {
        return value(request.getHeader(UserAgentHeader.NAME));
    }

    public static Optional<String> from(SIPRequest request) {
        return value(request.getFrom());
    }

    public static Optional<String> to(SIPRequest request) {
        return value(request.getTo());
    }

    public static Optional<String> requestUri(SIPRequest request) {
        return Optional.ofNullable(request.getRequestURI()).map(Object::toString);
    }

    private static Optional<String> value(Object header) {
        return header instanceof SIPHeader sipHeader ? Optional.ofNullable(sipHeader.getHeaderValue()) : Optional.empty();
    }
}

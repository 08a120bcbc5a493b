package org.sbc.core.b2bua.transaction;

import org.sbc.core.b2bua.Target;
import org.sbc.core.sip.SipSide;

/**
 * How a client transaction ended without a final response, as the answer its user gives on the
 * other leg in place of the response that never came.
 */
public record Failure(int status, String reasonPhrase) {

    /** Timer B or F fired: nobody answered within 64 × T1 (RFC 3261 §17.1.1.2, §17.1.2.2). */
    public static final Failure TIMEOUT = new Failure(408, "Request Timeout");

    /**
     * The request could not be sent: no connection to the target could be opened or used (RFC 3261
     * §17.1.4, §18.4). The transaction ends at once instead of waiting out Timer B. RFC 3261
     * §8.1.3.1 has the user treat this as a 503; towards a phone or trunk, "not reachable right now"
     * is what 480 says, and what a registrar that forked to several contacts expects of one branch
     * so that it goes on with the others. When the PBX cannot be reached, 503 it is.
     */
    public static Failure transportError(Target target) {
        return target.side() == SipSide.OUTSIDE
                ? new Failure(480, "Temporarily Unavailable")
                : new Failure(503, "Service Unavailable");
    }
}

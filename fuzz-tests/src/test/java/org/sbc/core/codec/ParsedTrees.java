package org.sbc.core.codec;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;

/**
 * For the fuzz targets only: the JAIN-SIP tree behind a decoded message, so they can check what
 * the parser made of their input. Production code outside {@code codec/} has no such bridge.
 */
public final class ParsedTrees {

    private ParsedTrees() {}

    public static SIPMessage of(SipMessage message) {
        return message.jainTree();
    }

    public static SIPRequest of(SipRequest request) {
        return request.jainTree();
    }
}

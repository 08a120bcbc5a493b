package org.sbc.core.codec;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

/**
 * For tests only: between the codec's message types and the JAIN-SIP trees tests build and
 * inspect messages with. Production code outside {@code codec/} has no such bridge.
 */
public final class JainTrees {

    private JainTrees() {}

    public static SipMessage message(SIPMessage tree) {
        return SipMessage.of(tree);
    }

    public static SipRequest request(SIPRequest tree) {
        return new SipRequest(tree);
    }

    public static SipResponse response(SIPResponse tree) {
        return new SipResponse(tree);
    }

    public static SIPMessage tree(SipMessage message) {
        return message.jainTree();
    }

    public static SIPRequest tree(SipRequest request) {
        return request.jainTree();
    }

    public static SIPResponse tree(SipResponse response) {
        return response.jainTree();
    }
}

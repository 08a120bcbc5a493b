package org.sbc.core.codec;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPDuplicateHeaderException;
import gov.nist.javax.sip.message.SIPRequest;

/**
 * JAIN-SIP's request, attaching the first header of a name in one table lookup
 * ({@link FirstHeaderAttach}); anything else takes JAIN-SIP's own path. {@code
 * DirectHeaderParsingTest} and {@code SipRequestResponseTest} compare what it writes with JAIN-SIP's.
 */
final class QuickAttachRequest extends SIPRequest {

    @Override
    public void attachHeader(SIPHeader header, boolean replaceFlag, boolean top) throws SIPDuplicateHeaderException {
        if (!FirstHeaderAttach.attached(this, header)) {
            super.attachHeader(header, replaceFlag, top);
        }
    }
}

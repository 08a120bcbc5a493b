package org.sbc.core.codec;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPDuplicateHeaderException;
import gov.nist.javax.sip.message.SIPResponse;

/** {@link QuickAttachRequest}, for responses. */
final class QuickAttachResponse extends SIPResponse {

    @Override
    public void attachHeader(SIPHeader header, boolean replaceFlag, boolean top) throws SIPDuplicateHeaderException {
        if (!FirstHeaderAttach.attached(this, header)) {
            super.attachHeader(header, replaceFlag, top);
        }
    }
}

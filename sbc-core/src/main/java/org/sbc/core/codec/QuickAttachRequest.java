package org.sbc.core.codec;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPDuplicateHeaderException;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.LinkedList;

/**
 * JAIN-SIP's request, attaching the first header of a name in one table lookup
 * ({@link FirstHeaderAttach}); anything else takes JAIN-SIP's own path. {@code
 * DirectHeaderParsingTest} and {@code SipRequestResponseTest} compare what it writes with JAIN-SIP's.
 */
final class QuickAttachRequest extends SIPRequest {

    /** Never changed: {@link #fresh} hands out clones of it. */
    private static final QuickAttachRequest EMPTY = new QuickAttachRequest();

    private QuickAttachRequest() {
    }

    /**
     * An empty request (a Content-Length of 0 its only header), cloned: JAIN-SIP's message
     * constructor makes that Content-Length with a header constructor that interns its name, a
     * call into the VM for every message parsed or built.
     */
    static QuickAttachRequest fresh() {
        return (QuickAttachRequest) EMPTY.clone();
    }

    /** JAIN-SIP's clone shares the list of unparsed header lines; a copy gets its own. */
    @Override
    public Object clone() {
        QuickAttachRequest copy = (QuickAttachRequest) super.clone();
        copy.unrecognizedHeaders = unrecognizedHeaders == null ? null : new LinkedList<>(unrecognizedHeaders);
        return copy;
    }

    @Override
    public void attachHeader(SIPHeader header, boolean replaceFlag, boolean top) throws SIPDuplicateHeaderException {
        if (!FirstHeaderAttach.attached(this, header)) {
            super.attachHeader(header, replaceFlag, top);
        }
    }
}

package org.sbc.core.codec;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPDuplicateHeaderException;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.LinkedList;

/** {@link QuickAttachRequest}, for responses. */
final class QuickAttachResponse extends SIPResponse {

    /** Never changed: {@link #fresh} hands out clones of it. */
    private static final QuickAttachResponse EMPTY = new QuickAttachResponse();

    private QuickAttachResponse() {
    }

    /**
     * An empty response (a Content-Length of 0 its only header), cloned: JAIN-SIP's message
     * constructor makes that Content-Length with a header constructor that interns its name, a
     * call into the VM for every message parsed or built.
     */
    static QuickAttachResponse fresh() {
        return (QuickAttachResponse) EMPTY.clone();
    }

    /** JAIN-SIP's clone shares the list of unparsed header lines; a copy gets its own. */
    @Override
    public Object clone() {
        QuickAttachResponse copy = (QuickAttachResponse) super.clone();
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

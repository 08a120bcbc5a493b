package org.sbc.core.b2bua;

import gov.nist.javax.sip.header.ContentType;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import java.text.ParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.sbc.core.config.TopologyConfig;

/**
 * What crosses from one leg to the other: an allow-list of end-to-end headers and the body.
 * Everything else (Via, Route, Record-Route, Contact, Call-ID, tags, CSeq, User-Agent, Server,
 * and any header not listed) stays on its own leg, so neither side learns the other's topology
 * or software.
 */
final class RelayHeaders {

    /** One list: what crosses between legs is also, by default, what may reach the outside. */
    private static final Set<String> END_TO_END = Set.copyOf(TopologyConfig.DEFAULT_OUTSIDE_HEADERS);

    private RelayHeaders() {}

    static void copy(SIPMessage from, SIPMessage to) {
        Iterator<SIPHeader> headers = from.getHeaders();
        while (headers.hasNext()) {
            SIPHeader header = headers.next();
            if (END_TO_END.contains(header.getHeaderName().toLowerCase(Locale.ROOT))) {
                to.addHeader((SIPHeader) header.clone());
            }
        }
        copyBody(from, to);
    }

    static void copyBody(SIPMessage from, SIPMessage to) {
        byte[] body = from.getRawContent();
        if (body == null || body.length == 0) {
            return;
        }
        ContentType type = (ContentType) from.getContentTypeHeader();
        try {
            if (type != null) {
                to.setContent(body, (ContentType) type.clone());
            } else {
                to.setMessageContent(body);
            }
        } catch (ParseException e) {
            throw new IllegalStateException("a parsed body failed to copy", e);
        }
    }
}

package org.sbc.core.b2bua;

import org.sbc.core.codec.HeaderNames;
import org.sbc.core.codec.SipMessage;
import org.sbc.core.config.TopologyConfig;

/**
 * What crosses from one leg to the other: an allow-list of end-to-end headers and the body.
 * Everything else (Via, Route, Record-Route, Contact, Call-ID, tags, CSeq, User-Agent, Server,
 * and any header not listed) stays on its own leg, so neither side learns the other's topology
 * or software.
 */
final class RelayHeaders {

    /** One list: what crosses between legs is also, by default, what may reach the outside. */
    private static final HeaderNames END_TO_END = HeaderNames.of(TopologyConfig.DEFAULT_OUTSIDE_HEADERS);

    private RelayHeaders() {}

    static void copy(SipMessage from, SipMessage to) {
        to.copyHeadersAndBody(from, END_TO_END);
    }

    static void copyBody(SipMessage from, SipMessage to) {
        to.copyBody(from);
    }
}

package org.sbc.core.codec;

import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.header.ParametersHeader;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ProxyAuthorizationHeader;

/** A request: its method and Request-URI besides what every message has. */
public final class SipRequest extends SipMessage {

    SipRequest(SIPRequest tree) {
        super(tree);
    }

    /** Transitional, as {@link SipMessage#of}: the request of a tree the B2BUA holds. */
    public static SipRequest of(SIPRequest tree) {
        return new SipRequest(tree);
    }

    @Override
    public boolean isRequest() {
        return true;
    }

    public String method() {
        return jainTree().getMethod();
    }

    public SipUri requestUri() {
        return SipUri.of(jainTree().getRequestURI());
    }

    /** Every Contact but the wildcard {@code *}, in order. */
    public List<NameAddress> contacts() {
        List<NameAddress> contacts = new ArrayList<>();
        ContactList list = jainTree().getContactHeaders();
        if (list != null) {
            for (Contact contact : list) {
                if (!contact.isWildCard() && contact.getAddress() != null) {
                    contacts.add(NameAddress.of(contact.getAddress(), null));
                }
            }
        }
        return contacts;
    }

    /** Every Authorization header, or with {@code proxy} every Proxy-Authorization header. */
    public List<Credentials> credentials(boolean proxy) {
        List<Credentials> credentials = new ArrayList<>(1);
        ListIterator<?> headers = jainTree().getHeaders(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
        while (headers != null && headers.hasNext()) {
            if (headers.next() instanceof AuthorizationHeader header) {
                Map<String, String> parameters = new HashMap<>();
                if (header instanceof ParametersHeader withParameters) {
                    var names = withParameters.getParameterNames();
                    while (names.hasNext()) {
                        String name = (String) names.next();
                        String value = withParameters.getParameter(name);
                        parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value == null ? "" : value);
                    }
                }
                credentials.add(new Credentials(header.getScheme() == null ? "" : header.getScheme(), parameters));
            }
        }
        return credentials;
    }

    /**
     * A response to this request: status line, and the Via, From, To, Call-ID and CSeq echoed
     * (RFC 3261 §8.2.6.2); the To gets no tag here.
     */
    public SipResponse response(int status, String reasonPhrase) {
        return new SipResponse(jainTree().createResponse(status, reasonPhrase));
    }

    @Override
    public SIPRequest jainTree() {
        return (SIPRequest) tree;
    }
}

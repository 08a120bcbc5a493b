package org.sbc.core.codec;

import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.ParametersHeader;
import gov.nist.javax.sip.message.SIPRequest;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ProxyAuthorizationHeader;

/** A request: its method and Request-URI besides what every message has. */
public final class SipRequest extends SipMessage {

    private static final HeaderFactoryImpl HEADERS = new HeaderFactoryImpl();

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

    /** Removes every header called {@code name} (a policy's edit; never one the SBC owns). */
    public void removeHeaders(String name) {
        jainTree().removeHeader(name);
    }

    /**
     * Adds {@code field} when its value is one the header's grammar accepts, and says whether it
     * did: a value a rule rewrote into something unparseable is left out, not sent as is.
     */
    public boolean addHeaderIfWellFormed(HeaderField field) {
        try {
            jainTree().addHeader(HEADERS.createHeader(field.name(), field.value()));
            return true;
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Points a SIP Request-URI at {@code host:port} (a policy's route to a trunk); false, and
     * nothing changed, when the Request-URI is no SIP URI or the host is not one.
     */
    public boolean retarget(String host, int port) {
        if (!(jainTree().getRequestURI() instanceof SipURI sip)) {
            return false;
        }
        try {
            sip.setHost(host);
            sip.setPort(port);
            return true;
        } catch (ParseException e) {
            return false;
        }
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

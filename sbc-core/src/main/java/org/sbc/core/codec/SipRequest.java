package org.sbc.core.codec;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.header.ParametersHeader;
import gov.nist.javax.sip.header.Protocol;
import gov.nist.javax.sip.header.RAck;
import gov.nist.javax.sip.header.RecordRouteList;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPDuplicateHeaderException;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.TimeStampHeader;
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

    /**
     * A request of ours with the mandatory headers (RFC 3261 §8.1.1), each from a copy of what
     * is given, so the caller's dialog state stays its own; the caller adds Route, Contact, body
     * and the rest. {@code toTag} is left out when null.
     */
    public static SipRequest create(String method, SipUri requestUri, String callId, long cseq, NameAddress from,
            String fromTag, NameAddress to, String toTag, ViaHop via, int maxForwards) {
        SIPRequest request = QuickAttachRequest.fresh();
        try {
            RequestLine line = new RequestLine();
            line.setMethod(method);
            line.setUri(requestUri.copyOfUri());
            line.setSipVersion("SIP/2.0");
            request.setRequestLine(line);
            request.setHeader(via(via));
            From fromHeader = FreshHeaders.from();
            fromHeader.setAddress(from.copyOfAddress());
            fromHeader.setTag(fromTag);
            request.setHeader(fromHeader);
            To toHeader = new To();
            toHeader.setAddress(to.copyOfAddress());
            if (toTag != null) {
                toHeader.setTag(toTag);
            }
            request.setHeader(toHeader);
            CallID id = FreshHeaders.callId();
            id.setCallId(callId);
            request.setHeader(id);
            // The constructor takes any number, as before; setSeqNumber refuses 2^31 and up.
            request.setHeader(new CSeq(cseq, method));
            MaxForwards maxForwardsHeader = FreshHeaders.maxForwards();
            maxForwardsHeader.setMaxForwards(maxForwards);
            request.setHeader(maxForwardsHeader);
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("a " + method + " failed to build", e);
        }
        return new SipRequest(request);
    }

    /** Our Via: {@code SIP/2.0/transport host:port;branch=..;rport}. */
    private static Via via(ViaHop hop) {
        Via via = FreshHeaders.via();
        try {
            via.setSentProtocol(new Protocol());
            via.setTransport(hop.transport());
            via.setHost(hop.host());
            via.setPort(hop.port());
            via.setBranch(hop.branch().orElseThrow());
            if (hop.rport()) {
                via.setParameter(Via.RPORT, null);
            }
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("our own Via failed to build", e);
        }
        return via;
    }

    /**
     * The ACK for a non-2xx final {@code response} to this INVITE (RFC 3261 §17.1.1.3): it
     * belongs to the transaction, so it keeps this request's Via and To-tags the response's To.
     */
    public SipRequest ackFor(SipResponse response) {
        return new SipRequest(jainTree().createAckRequest((To) response.jainTree().getTo()));
    }

    /** The CANCEL of this request (RFC 3261 §9.1): same Request-URI, Call-ID, From, To, Via, CSeq number. */
    public SipRequest cancel() {
        try {
            return new SipRequest(jainTree().createCancelRequest());
        } catch (SipException e) {
            throw new IllegalStateException("CANCEL of our own request failed to build", e);
        }
    }

    /**
     * Copies {@code source}'s RAck (RFC 3262 §7.2) with the CSeq number of the INVITE it
     * acknowledges on this leg, {@code inviteCseq}; nothing when {@code source} has none.
     */
    public void translateRAck(SipRequest source, long inviteCseq) {
        RAck rack = (RAck) source.jainTree().getHeader(RAck.NAME);
        if (rack == null) {
            return;
        }
        try {
            RAck translated = new RAck();
            translated.setRSequenceNumber(rack.getRSequenceNumber());
            translated.setCSequenceNumber(inviteCseq);
            translated.setMethod(SIPRequest.INVITE);
            jainTree().setHeader(translated);
        } catch (InvalidArgumentException | ParseException e) {
            throw new IllegalStateException("RAck failed to translate", e);
        }
    }

    /** The state of a Subscription-State header (RFC 6665 §8.2.3), or {@code null}. */
    public String subscriptionState() {
        SubscriptionStateHeader state = (SubscriptionStateHeader) jainTree().getHeader(SubscriptionStateHeader.NAME);
        return state == null ? null : state.getState();
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
     *
     * <p>JAIN-SIP's {@code createResponse} with the same headers in the same order (its set of
     * names iterates CSeq, Call-ID, From, To, Via, Record-Route, Timestamp), but only the To, the
     * one header a response changes (its tag), and the rarely present Record-Route and Timestamp
     * are copies: Via, From, Call-ID and CSeq are this request's own objects, which nothing in the
     * codec changes once a request is decoded and stamped (the encoder sets the top Via's
     * transport only when it differs, and a response leaves over the transport its request came
     * in on). Cloning them, and finding each by a name in the header table, was 4 % of the call
     * benchmark's samples.
     */
    public SipResponse response(int status, String reasonPhrase) {
        SIPRequest request = jainTree();
        SIPResponse response = QuickAttachResponse.fresh();
        try {
            response.setStatusCode(status);
        } catch (ParseException e) {
            throw new IllegalArgumentException("Bad code " + status, e);
        }
        response.setReasonPhrase(reasonPhrase != null ? reasonPhrase : SIPResponse.getReasonPhrase(status));
        attach(response, (SIPHeader) request.getCSeq());
        attach(response, (SIPHeader) request.getCallId());
        attach(response, (SIPHeader) request.getFrom());
        attach(response, request.getTo() == null ? null : (SIPHeader) ((To) request.getTo()).clone());
        attach(response, request.getViaHeaders());
        if (status > 100 && status < 300 && SIPRequest.isDialogCreating(request.getMethod())
                && request.getToTag() == null) {
            RecordRouteList recordRoutes = request.getRecordRouteHeaders();
            attach(response, recordRoutes == null ? null : (SIPHeader) recordRoutes.clone());
        }
        javax.sip.header.Header timestamp = request.getHeader(TimeStampHeader.NAME);
        attach(response, timestamp == null ? null : (SIPHeader) ((SIPHeader) timestamp).clone());
        return new SipResponse(response);
    }

    private static void attach(SIPResponse response, SIPHeader header) {
        if (header == null) {
            return;
        }
        try {
            response.attachHeader(header, false);
        } catch (SIPDuplicateHeaderException e) {
            throw new IllegalStateException("a fresh response already had " + header.getName(), e);
        }
    }

    @Override
    SIPRequest jainTree() {
        return (SIPRequest) tree;
    }
}

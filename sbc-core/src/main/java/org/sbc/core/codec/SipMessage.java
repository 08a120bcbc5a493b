package org.sbc.core.codec;

import static java.util.Objects.requireNonNull;

import gov.nist.javax.sip.address.AddressImpl;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.header.ContentType;
import gov.nist.javax.sip.header.Expires;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.RecordRoute;
import gov.nist.javax.sip.header.RecordRouteList;
import gov.nist.javax.sip.header.Route;
import gov.nist.javax.sip.header.RouteList;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sip.address.URI;
import javax.sip.header.MaxForwardsHeader;
import org.sbc.core.sip.SecurityLabels;

/**
 * A SIP message as every part of the SBC outside {@code codec/} sees it: plain values (texts,
 * numbers, {@link SipUri}, {@link NameAddress}, {@link ContactEntry}), never a parser's object
 * model, and the operations the B2BUA performs on the messages it relays and builds, each named
 * for what it does. This is the one place that knows which parser reads SIP (JAIN-SIP today), so
 * that how much of a message is parsed, and when, can change here alone.
 *
 * <p>Header lookups take the full name as RFC 3261 spells it; a header received in its compact
 * form ({@code v}, {@code f}, {@code i}, ...) is found under its full name.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {

    private static final HeaderFactoryImpl HEADERS = new HeaderFactoryImpl();

    final SIPMessage tree;
    /** The Call-ID once asked for; forgotten when a header is replaced. */
    private String callId;

    SipMessage(SIPMessage tree) {
        this.tree = requireNonNull(tree, "tree");
    }

    public abstract boolean isRequest();

    /** The Call-ID, or {@code null} when the message has none (the sanity step drops those). */
    public String callId() {
        // JAIN-SIP encodes the value afresh on every call, and every step asks for it.
        if (callId == null && tree.getCallId() != null) {
            callId = tree.getCallId().getCallId();
        }
        return callId;
    }

    /** The CSeq number; only meaningful when {@link #hasMandatoryHeaders()}. */
    public long cseq() {
        return tree.getCSeq().getSeqNumber();
    }

    /** The CSeq method; only meaningful when {@link #hasMandatoryHeaders()}. */
    public String cseqMethod() {
        return tree.getCSeq().getMethod();
    }

    /** Via, From, To, Call-ID and CSeq, the headers a response must echo, are all there. */
    public boolean hasMandatoryHeaders() {
        return tree.getTopmostVia() != null && tree.getFrom() != null && tree.getTo() != null
                && tree.getCallId() != null && tree.getCSeq() != null;
    }

    /** The From tag, or {@code null}; without the allocation of {@link #from()}, for the hot path. */
    public String fromTag() {
        return tree.getFrom() == null ? null : tree.getFrom().getTag();
    }

    /** The To tag, or {@code null}: a request without one is outside any dialog. */
    public String toTag() {
        return tree.getTo() == null ? null : tree.getTo().getTag();
    }

    /** The top Via's branch, or {@code null}: what a transaction is found by. */
    public String topViaBranch() {
        Via via = tree.getTopmostVia();
        return via == null ? null : via.getBranch();
    }

    public Optional<NameAddress> from() {
        return Optional.ofNullable(tree.getFrom()).map(from -> NameAddress.of(from.getAddress(), from.getTag()));
    }

    public Optional<NameAddress> to() {
        return Optional.ofNullable(tree.getTo()).map(to -> NameAddress.of(to.getAddress(), to.getTag()));
    }

    /** The topmost Via, if any. */
    public Optional<ViaHop> topVia() {
        Via via = tree.getTopmostVia();
        if (via == null) {
            return Optional.empty();
        }
        return Optional.of(new ViaHop(via.getTransport(), via.getHost(), via.getPort(), via.hasParameter(Via.RPORT),
                Optional.ofNullable(via.getBranch())));
    }

    /** Max-Forwards, when present. */
    public OptionalInt maxForwards() {
        MaxForwardsHeader header = (MaxForwardsHeader) tree.getHeader(MaxForwardsHeader.NAME);
        return header == null ? OptionalInt.empty() : OptionalInt.of(header.getMaxForwards());
    }

    /** The value of the first header called {@code name}, as text. */
    public Optional<String> header(String name) {
        return tree.getHeader(name) instanceof SIPHeader header ? Optional.ofNullable(header.getHeaderValue())
                : Optional.empty();
    }

    /** The values of every header called {@code name}, in order. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        ListIterator<?> headers = tree.getHeaders(name);
        while (headers != null && headers.hasNext()) {
            if (headers.next() instanceof SIPHeader header && header.getHeaderValue() != null) {
                values.add(header.getHeaderValue());
            }
        }
        return values;
    }

    /** Whether the message carries a body of at least one byte. */
    public boolean hasBody() {
        byte[] body = tree.getRawContent();
        return body != null && body.length > 0;
    }

    /** The body as received; empty when there is none. */
    public byte[] body() {
        byte[] body = tree.getRawContent();
        return body == null ? new byte[0] : body;
    }

    /** What the edge steps decided about this message so far ({@link SecurityLabels#NONE} before any). */
    public SecurityLabels labels() {
        return tree.getApplicationData() instanceof SecurityLabels labels ? labels : SecurityLabels.NONE;
    }

    /**
     * Replaces the labels; by the edge steps, on the channel's event loop, before the message is
     * handed on (the hand-over publishes them).
     */
    public void labels(SecurityLabels labels) {
        tree.setApplicationData(requireNonNull(labels, "labels"));
    }

    /** The URI of the first Contact, a copy of its own (a remote target to keep), if any. */
    public Optional<SipUri> contactUri() {
        Contact contact = (Contact) tree.getHeader(Contact.NAME);
        if (contact == null || contact.getAddress() == null || contact.getAddress().getURI() == null) {
            return Optional.empty();
        }
        return Optional.of(SipUri.of((URI) contact.getAddress().getURI().clone()));
    }

    /** Every Contact, the wildcard {@code *} included, in order. */
    public List<ContactEntry> contactEntries() {
        ContactList list = tree.getContactHeaders();
        if (list == null) {
            return List.of();
        }
        List<ContactEntry> entries = new ArrayList<>(list.size());
        for (Contact contact : list) {
            entries.add(ContactEntry.received(contact));
        }
        return entries;
    }

    /** Replaces every Contact with {@code contact}. */
    public void setContact(ContactEntry contact) {
        tree.setHeader(contact.header());
    }

    /** Adds {@code contact} after the Contacts already there. */
    public void addContact(ContactEntry contact) {
        tree.addHeader(contact.header());
    }

    /** The Expires header's seconds, when present. */
    public OptionalInt expires() {
        Expires expires = (Expires) tree.getHeader(Expires.NAME);
        return expires == null ? OptionalInt.empty() : OptionalInt.of(expires.getExpires());
    }

    /**
     * The addresses of the Record-Route headers, in order, each a copy of its own: the route set
     * of a dialog (RFC 3261 §12.1), which outlives this message.
     */
    public List<NameAddress> recordRoutes() {
        RecordRouteList recordRoutes = tree.getRecordRouteHeaders();
        if (recordRoutes == null || recordRoutes.isEmpty()) {
            return List.of();
        }
        List<NameAddress> routes = new ArrayList<>(recordRoutes.size());
        for (RecordRoute recordRoute : recordRoutes) {
            routes.add(NameAddress.of((AddressImpl) recordRoute.getAddress().clone(), null));
        }
        return routes;
    }

    /** Replaces the Route headers with one per address of {@code routeSet}, in order. */
    public void setRoutes(List<NameAddress> routeSet) {
        RouteList list = new RouteList();
        for (NameAddress address : routeSet) {
            Route route = new Route();
            route.setAddress(address.copyOfAddress());
            list.add(route);
        }
        tree.setHeader(list);
    }

    /**
     * Adds a copy of every header of {@code from} whose name is one of {@code names}, in order,
     * then a copy of its body (with its Content-Type).
     */
    public void copyHeadersAndBody(SipMessage from, HeaderNames names) {
        Iterator<SIPHeader> headers = from.tree.getHeaders();
        while (headers.hasNext()) {
            SIPHeader header = headers.next();
            if (names.contains(header.getHeaderName())) {
                tree.addHeader((SIPHeader) header.clone());
            }
        }
        callId = null;
        copyBody(from);
    }

    /** A copy of {@code from}'s body and its Content-Type; nothing when it has no body. */
    public void copyBody(SipMessage from) {
        byte[] body = from.tree.getRawContent();
        if (body == null || body.length == 0) {
            return;
        }
        ContentType type = (ContentType) from.tree.getContentTypeHeader();
        try {
            if (type != null) {
                tree.setContent(body, (ContentType) type.clone());
            } else {
                tree.setMessageContent(body);
            }
        } catch (ParseException e) {
            throw new IllegalStateException("a parsed body failed to copy", e);
        }
    }

    /** A non-empty body of type {@code application/sdp}. */
    public boolean hasSdp() {
        ContentType type = (ContentType) tree.getContentTypeHeader();
        byte[] body = tree.getRawContent();
        return type != null && body != null && body.length > 0
                && "application".equalsIgnoreCase(type.getContentType())
                && "sdp".equalsIgnoreCase(type.getContentSubType());
    }

    /** Replaces the body with {@code body}, keeping its Content-Type (the message has one). */
    public void replaceBody(byte[] body) {
        try {
            tree.setContent(body, (ContentType) tree.getContentTypeHeader().clone());
        } catch (ParseException e) {
            throw new IllegalStateException("a body failed to set", e);
        }
    }

    /** Removes the body and its Content-Type. */
    public void dropBody() {
        tree.removeContent();
        tree.removeHeader(ContentType.NAME);
    }

    /**
     * Replaces every header of the field's name with {@code field} when its value is one the
     * header's grammar accepts, and says whether it did; otherwise the message keeps what it had.
     */
    public boolean replaceHeaderIfWellFormed(HeaderField field) {
        try {
            javax.sip.header.Header header = HEADERS.createHeader(field.name(), field.value());
            tree.removeHeader(field.name());
            tree.addHeader(header);
            callId = null;
            return true;
        } catch (ParseException e) {
            return false;
        }
    }

    /** The bytes for the wire, with {@code transport} in the top Via ({@link SipEncoder}). */
    public byte[] encode(String transport) {
        return SipEncoder.encode(tree, transport);
    }

    /**
     * JAIN-SIP's object model of this message, for the codec alone: nothing outside this package
     * sees a parser's types.
     */
    SIPMessage jainTree() {
        return tree;
    }

    /** The message of a JAIN-SIP tree the codec parsed or built. */
    static SipMessage of(SIPMessage tree) {
        return tree instanceof gov.nist.javax.sip.message.SIPRequest request ? new SipRequest(request)
                : new SipResponse((gov.nist.javax.sip.message.SIPResponse) tree);
    }
}

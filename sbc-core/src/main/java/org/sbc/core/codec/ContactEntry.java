package org.sbc.core.codec;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.Contact;
import java.text.ParseException;
import java.util.Optional;
import javax.sip.address.URI;

/**
 * One Contact header (RFC 3261 §20.10): the wildcard {@code *}, or a URI with its parameters
 * ({@code expires}, {@code q}, RFC 5626's {@code +sip.instance} and {@code reg-id}). Either one a
 * message carries, or one the SBC builds to send; a received one is copied when it is added to
 * another message.
 */
public final class ContactEntry {

    private static final AddressFactoryImpl ADDRESSES = new AddressFactoryImpl();

    private final Contact contact;
    private final boolean received;

    private ContactEntry(Contact contact, boolean received) {
        this.contact = contact;
        this.received = received;
    }

    static ContactEntry received(Contact contact) {
        return new ContactEntry(contact, true);
    }

    /** A Contact of ours naming {@code uri} (which it copies), without parameters. */
    public static ContactEntry of(SipUri uri) {
        return ours(uri.copyOfUri());
    }

    /**
     * A Contact of ours naming the SIP URI {@link SipUri#sip} builds from the same parts, without
     * parameters; no copy, since nothing else holds that URI.
     */
    public static ContactEntry sip(String user, String host, int port, String transportParam, boolean sips) {
        return ours(SipUri.sip(user, host, port, transportParam, sips).jainUri());
    }

    private static ContactEntry ours(URI uri) {
        Contact contact = FreshHeaders.contact();
        contact.setAddress(ADDRESSES.createAddress(uri));
        return new ContactEntry(contact, false);
    }

    public boolean isWildcard() {
        return contact.isWildCard();
    }

    /** The URI, a copy of its own; absent for the wildcard or one that did not parse. */
    public Optional<SipUri> uri() {
        if (contact.getAddress() == null || contact.getAddress().getURI() == null) {
            return Optional.empty();
        }
        return Optional.of(SipUri.of((URI) contact.getAddress().getURI().clone()));
    }

    /** The {@code expires} parameter; -1 when there is none. */
    public int expires() {
        return contact.getExpires();
    }

    /** The value of parameter {@code name}, or {@code null}. */
    public String parameter(String name) {
        return contact.getParameter(name);
    }

    /** Sets the {@code expires} parameter (on a Contact of ours). */
    public ContactEntry expires(int seconds) {
        contact.setExpires(seconds);
        return this;
    }

    /**
     * Sets parameter {@code name} (on a Contact of ours) when {@code value} fits its grammar;
     * one that does not is left out.
     */
    public ContactEntry parameterIfValid(String name, String value) {
        try {
            contact.setParameter(name, value);
        } catch (ParseException e) {
            // left out: a parameter we cannot copy loses only what it said
        }
        return this;
    }

    /** The header to put in a message: a copy when it came from another message. */
    Contact header() {
        return received ? (Contact) contact.clone() : contact;
    }
}

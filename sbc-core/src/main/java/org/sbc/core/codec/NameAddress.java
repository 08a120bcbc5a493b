package org.sbc.core.codec;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.address.AddressImpl;
import java.text.ParseException;
import java.util.Optional;
import javax.sip.address.Address;
import javax.sip.address.URI;

/**
 * A name-addr or addr-spec of From, To, Contact or a route (RFC 3261 §20.10): a display name, a
 * URI and, for From and To, the tag. The B2BUA keeps these as a dialog's local and remote
 * addresses and route set; a message built from one gets a copy, so what a dialog holds never
 * changes with the messages it made.
 */
public final class NameAddress {

    private static final AddressFactoryImpl ADDRESSES = new AddressFactoryImpl();

    /** The parsed address; null in a {@link #compacted()} copy until something reads it. */
    private Address address;
    /** The address as a header writes it, kept by a compacted copy instead of the parsed form. */
    private final String text;
    private final String tag;

    private NameAddress(Address address, String tag) {
        this.address = address;
        this.text = null;
        this.tag = tag;
    }

    private NameAddress(String text, String tag) {
        this.text = text;
        this.tag = tag;
    }

    /**
     * The same address and tag holding only the address's text, parsed again on first use: what
     * a confirmed dialog keeps of its local and remote addresses and route set until a request is
     * built on it (parsed, each is about a dozen objects). The text is this address's own
     * encoding, which parses back to it (dialog handles rely on the same).
     */
    public NameAddress compacted() {
        return address == null ? this : new NameAddress(encode(), tag);
    }

    private Address address() {
        if (keptAsText()) {
            // Our own encoding, so nearly always in the plain shape; JAIN-SIP's factory for the rest.
            AddressImpl plain = PlainLineParser.address(text);
            try {
                address = plain != null ? plain : ADDRESSES.createAddress(text);
            } catch (ParseException e) {
                throw new IllegalStateException("an address we encoded does not parse back: " + text, e);
            }
        }
        return address;
    }

    /** A compacted copy not parsed again yet: its text is all it holds. */
    private boolean keptAsText() {
        return address == null && text != null;
    }

    static NameAddress of(Address address, String tag) {
        return new NameAddress(address, tag);
    }

    /** {@code <uri>}: no display name, no tag. */
    public static NameAddress of(SipUri uri) {
        return new NameAddress(ADDRESSES.createAddress(uri.jainUri()), null);
    }

    /** The address {@code text} writes (as {@link #encode()} gives it); an {@link IllegalArgumentException} when it is none. */
    public static NameAddress parse(String text) {
        try {
            return new NameAddress(ADDRESSES.createAddress(text), null);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("not a name-addr: " + text, e);
        }
    }

    /** The display name, or {@code null}. */
    public String displayName() {
        return address() == null ? null : address().getDisplayName();
    }

    /** The URI, absent when the header held none that parsed. */
    public Optional<SipUri> uri() {
        Address parsed = address();
        return parsed == null || parsed.getURI() == null ? Optional.empty() : Optional.of(SipUri.of(parsed.getURI()));
    }

    /** The tag parameter (From and To), or {@code null}. */
    public String tag() {
        return tag;
    }

    /** The address as a header writes it (without the tag), for a dialog handle to carry. */
    public String encode() {
        return keptAsText() ? text
                : ((AddressImpl) address).encode(new StringBuilder(SipUri.TEXT_CHARS)).toString();
    }

    /**
     * The address as a From or To header writes it (without the tag): in angle brackets when it
     * is a bare addr-spec. Compacted, it is text that parses back as it was (a name-addr always
     * holds a {@code <}, an addr-spec's URI never does).
     */
    void appendAsFromOrTo(StringBuilder out) {
        appendBracketed(out, isAddrSpec());
    }

    /** As a Route or Record-Route writes it: in angle brackets unless a name-addr. */
    void appendAsRoute(StringBuilder out) {
        appendBracketed(out, keptAsText() ? text.indexOf('<') < 0
                : ((AddressImpl) address).getAddressType() != AddressImpl.NAME_ADDR);
    }

    private boolean isAddrSpec() {
        return keptAsText() ? text.indexOf('<') < 0
                : ((AddressImpl) address).getAddressType() == AddressImpl.ADDRESS_SPEC;
    }

    private void appendBracketed(StringBuilder out, boolean bracket) {
        if (bracket) {
            out.append('<');
        }
        if (keptAsText()) {
            out.append(text);
        } else {
            ((AddressImpl) address).encode(out);
        }
        if (bracket) {
            out.append('>');
        }
    }

    /** The same address (as JAIN-SIP compares them: URI and display name) with the same tag. */
    @Override
    public boolean equals(Object other) {
        return other instanceof NameAddress that && java.util.Objects.equals(address(), that.address())
                && java.util.Objects.equals(tag, that.tag);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(address(), tag);
    }

    @Override
    public String toString() {
        return address == null && text == null ? "" : encode();
    }

    /** A copy for a message to own. */
    Address copyOfAddress() {
        return (Address) address().clone();
    }

    /** The URI itself, not a copy: for the codec to read. */
    URI jainUri() {
        return address().getURI();
    }
}

package org.sbc.core.codec;

import java.util.Optional;
import javax.sip.address.Address;

/**
 * A name-addr or addr-spec of From, To or Contact (RFC 3261 §20.10): a display name, a URI and,
 * for From and To, the tag.
 */
public final class NameAddress {

    private final Address address;
    private final String tag;

    private NameAddress(Address address, String tag) {
        this.address = address;
        this.tag = tag;
    }

    static NameAddress of(Address address, String tag) {
        return new NameAddress(address, tag);
    }

    /** The display name, or {@code null}. */
    public String displayName() {
        return address == null ? null : address.getDisplayName();
    }

    /** The URI, absent when the header held none that parsed. */
    public Optional<SipUri> uri() {
        return address == null || address.getURI() == null ? Optional.empty() : Optional.of(SipUri.of(address.getURI()));
    }

    /** The tag parameter (From and To), or {@code null}. */
    public String tag() {
        return tag;
    }
}

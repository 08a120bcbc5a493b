package org.sbc.core.codec;

import static java.util.Objects.requireNonNull;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.address.TelURLImpl;
import java.text.ParseException;
import java.util.Optional;
import javax.sip.address.SipURI;
import javax.sip.address.URI;

/**
 * A URI from a message: a SIP or SIPS URI with its parts, a tel URI with its number, or any
 * other scheme as text.
 */
public final class SipUri {

    private static final AddressFactoryImpl URIS = new AddressFactoryImpl();
    /** Room for a typical URI's text, a topology handle's included. */
    static final int TEXT_CHARS = 128;

    /** The parsed URI; null in a {@link #compacted()} copy until something reads it. */
    private URI uri;
    /** The URI as text, kept by a compacted copy instead of the parsed form. */
    private final String text;

    private SipUri(URI uri) {
        this.uri = requireNonNull(uri, "uri");
        this.text = null;
    }

    private SipUri(String text) {
        this.text = text;
    }

    /**
     * The same URI holding only its text, parsed again on first use: what a confirmed dialog
     * keeps of a remote target it may not use again until the call ends (a parsed URI is about
     * ten objects and half a kilobyte). The text is this URI's own encoding, which parses back.
     */
    public SipUri compacted() {
        return new SipUri(toString());
    }

    private URI uri() {
        if (uri == null) {
            // As for a compacted address: the plain shape nearly always, JAIN-SIP's factory else.
            URI plain = PlainLineParser.uri(text);
            try {
                uri = plain != null ? plain : URIS.createURI(text);
            } catch (ParseException e) {
                throw new IllegalStateException("a URI we encoded does not parse back: " + text, e);
            }
        }
        return uri;
    }

    static SipUri of(URI uri) {
        return new SipUri(uri);
    }

    /**
     * {@code sip:user@host:port;transport=t}, or with {@code sips} a sips URI; {@code user} is
     * left out when null, the port when negative, the transport parameter when null. An
     * {@link IllegalArgumentException} when a part does not fit the grammar.
     */
    public static SipUri sip(String user, String host, int port, String transportParam, boolean sips) {
        gov.nist.javax.sip.address.SipUri uri = new gov.nist.javax.sip.address.SipUri();
        try {
            if (user != null) {
                uri.setUser(user);
            }
            uri.setHost(host);
            if (port >= 0) {
                uri.setPort(port);
            }
            if (sips) {
                uri.setScheme("sips");
            } else if (transportParam != null) {
                uri.setTransportParam(transportParam);
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad URI part", e);
        }
        return new SipUri(uri);
    }

    /** The URI itself, not a copy: for the codec to read or to copy into a message. */
    URI jainUri() {
        return uri();
    }

    /** A copy for a message to own. */
    URI copyOfUri() {
        return (URI) uri().clone();
    }

    /** The URI {@code text} names; an {@link IllegalArgumentException} when it is not one. */
    public static SipUri parse(String text) {
        try {
            return new SipUri(URIS.createURI(text));
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("not a URI: " + text, e);
        }
    }

    /** The scheme in lower case ({@code sip}, {@code sips}, {@code tel}, ...). */
    public String scheme() {
        String scheme = uri().getScheme();
        return scheme == null ? "" : scheme.toLowerCase(java.util.Locale.ROOT);
    }

    /** A {@code sip:} or {@code sips:} URI, which has a user, host and port. */
    public boolean isSip() {
        return uri() instanceof SipURI;
    }

    /** The user part of a SIP URI as written (percent-escapes kept), or {@code null}. */
    public String user() {
        return uri() instanceof SipURI sip ? sip.getUser() : null;
    }

    /** The host of a SIP URI (an IPv6 host possibly with its brackets), or {@code null}. */
    public String host() {
        return uri() instanceof SipURI sip ? sip.getHost() : null;
    }

    /** The port of a SIP URI; -1 when absent or not a SIP URI. */
    public int port() {
        return uri() instanceof SipURI sip ? sip.getPort() : -1;
    }

    /** The value of URI parameter {@code name} of a SIP URI ({@code ""} for one without a value), or {@code null}. */
    public String parameter(String name) {
        return uri() instanceof SipURI sip ? sip.getParameter(name) : null;
    }

    /** The number of a tel URI, with a leading {@code +} when it is global; empty otherwise. */
    public Optional<String> telNumber() {
        if (uri() instanceof TelURLImpl tel && tel.getPhoneNumber() != null) {
            return Optional.of((tel.isGlobal() ? "+" : "") + tel.getPhoneNumber());
        }
        return Optional.empty();
    }

    /**
     * Whether {@code text} names the same resource, compared as RFC 3261 §19.1.4 compares SIP URIs
     * (case of the scheme and host, order of parameters, escaping); a text that is not a URI
     * names nothing.
     */
    public boolean sameAs(String text) {
        if (text.equals(uri().toString())) {
            return true;
        }
        try {
            return URIS.createURI(text).equals(uri());
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /** The same resource as RFC 3261 §19.1.4 compares URIs (see {@link #sameAs}). */
    @Override
    public boolean equals(Object other) {
        return other instanceof SipUri that && uri().equals(that.uri());
    }

    @Override
    public int hashCode() {
        return uri().hashCode();
    }

    /** Appends the URI's text to {@code out}: {@link #toString()} without a string of its own. */
    void appendTo(StringBuilder out) {
        if (uri == null) {
            out.append(text);
        } else if (uri instanceof gov.nist.javax.sip.address.SipUri sip) {
            sip.encode(out);
        } else {
            out.append(uri.toString());
        }
    }

    /** The URI as text. */
    @Override
    public String toString() {
        if (uri == null) {
            return text;
        }
        // JAIN-SIP's toString starts from a 16-character builder, which a URI outgrows twice.
        StringBuilder out = new StringBuilder(TEXT_CHARS);
        appendTo(out);
        return out.toString();
    }
}

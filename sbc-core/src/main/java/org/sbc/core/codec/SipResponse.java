package org.sbc.core.codec;

import gov.nist.javax.sip.header.ExtensionHeaderImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.RetryAfter;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.Warning;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import javax.sip.InvalidArgumentException;

/** A response: a status and reason phrase besides what every message has. */
public final class SipResponse extends SipMessage {

    private static final HeaderFactoryImpl HEADERS = new HeaderFactoryImpl();

    SipResponse(SIPResponse tree) {
        super(tree);
    }

    @Override
    public boolean isRequest() {
        return false;
    }

    public int status() {
        return jainTree().getStatusCode();
    }

    public String reasonPhrase() {
        return jainTree().getReasonPhrase();
    }

    /** Adds {@code field} after the headers of its name already there. */
    public void addHeader(HeaderField field) {
        jainTree().addHeader(header(field));
    }

    /** Adds a copy of {@code header} after the headers of its name already there. */
    public void addHeader(PreparedHeader header) {
        jainTree().addHeader(header.copy());
    }

    /** Replaces every header of the field's name with {@code field}. */
    public void setHeader(HeaderField field) {
        jainTree().setHeader(header(field));
    }

    /** Replaces every header of its name with a copy of {@code header}. */
    public void setHeader(PreparedHeader header) {
        jainTree().setHeader(header.copy());
    }

    /** Tags the To, unless the request's To already carried a tag (RFC 3261 §8.2.6.2). */
    public void tagToIfAbsent(String tag) {
        if (jainTree().getTo().getTag() == null) {
            try {
                jainTree().getTo().setTag(tag);
            } catch (ParseException e) {
                throw new IllegalArgumentException("tag: not a token", e);
            }
        }
    }

    /** Sets Retry-After (RFC 3261 §20.33) to {@code seconds}. */
    public void retryAfter(int seconds) {
        RetryAfter header = new RetryAfter();
        try {
            header.setRetryAfter(seconds);
        } catch (InvalidArgumentException e) {
            throw new IllegalArgumentException("retry-after: " + seconds + " (expected: >= 0)", e);
        }
        jainTree().setHeader(header);
    }

    /** Sets a Warning (RFC 3261 §20.43) of {@code code} from {@code agent} saying {@code text}. */
    public void warning(int code, String agent, String text) {
        Warning header = new Warning();
        try {
            header.setCode(code);
            header.setAgent(agent);
            header.setText(text);
        } catch (InvalidArgumentException | ParseException e) {
            throw new IllegalStateException(e);
        }
        jainTree().setHeader(header);
    }

    @Override
    SIPResponse jainTree() {
        return (SIPResponse) tree;
    }

    static SIPHeader header(HeaderField field) {
        if (!field.value().isEmpty()) {
            try {
                return (SIPHeader) HEADERS.createHeader(field.name(), field.value());
            } catch (ParseException e) {
                // Sent as given, like a configured Server text JAIN-SIP's grammar is stricter about.
            }
        }
        // An empty value (Supported with no option tags) has no typed form to parse into.
        ExtensionHeaderImpl header = new ExtensionHeaderImpl(field.name());
        header.setValue(field.value());
        return header;
    }
}

package org.sbc.core.b2bua.dialog;

import java.util.Optional;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipUri;
import org.sbc.core.sip.RequestFields;

/**
 * What a call's record and its security events say of the request that opened it, taken when it
 * arrives: a confirmed call lets that request go (it would be most of what an established call
 * holds), and these few texts are all that is asked of it later.
 *
 * <p>The texts are attacker-controlled and kept raw, as {@link RequestFields} gives them; each
 * sink encodes and caps them. Null where the request had none.
 */
public final class CallOrigin {

    public static final CallOrigin NONE = new CallOrigin(null, null, null, null, null, null);

    private final String userAgent;
    private final String from;
    private final String to;
    private final String requestUri;
    private final String callerUser;
    private final String calledUser;

    private CallOrigin(String userAgent, String from, String to, String requestUri, String callerUser,
            String calledUser) {
        this.userAgent = userAgent;
        this.from = from;
        this.to = to;
        this.requestUri = requestUri;
        this.callerUser = callerUser;
        this.calledUser = calledUser;
    }

    /**
     * @param forEvents whether to keep the texts a security event about the call would carry
     *     (User-Agent, From, To, Request-URI): only a call whose media is anchored can have one
     *     (the media timeout), and without them a signalling-only call keeps a few hundred bytes less
     */
    public static CallOrigin of(SipRequest request, boolean forEvents) {
        SipUri uri = request.requestUri();
        return new CallOrigin(
                forEvents ? RequestFields.userAgent(request).orElse(null) : null,
                forEvents ? RequestFields.from(request).orElse(null) : null,
                forEvents ? RequestFields.to(request).orElse(null) : null,
                forEvents ? RequestFields.requestUri(request).orElse(null) : null,
                request.from().flatMap(NameAddress::uri).map(SipUri::user).orElse(null),
                Optional.ofNullable(uri.user()).or(uri::telNumber).orElse(null));
    }

    public Optional<String> userAgent() {
        return Optional.ofNullable(userAgent);
    }

    public Optional<String> from() {
        return Optional.ofNullable(from);
    }

    public Optional<String> to() {
        return Optional.ofNullable(to);
    }

    public Optional<String> requestUri() {
        return Optional.ofNullable(requestUri);
    }

    /** The user part of the From URI. */
    public Optional<String> callerUser() {
        return Optional.ofNullable(callerUser);
    }

    /** The user part of the Request-URI, or its telephone number. */
    public Optional<String> calledUser() {
        return Optional.ofNullable(calledUser);
    }
}

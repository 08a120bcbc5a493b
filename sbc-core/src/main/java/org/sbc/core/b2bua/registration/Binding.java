package org.sbc.core.b2bua.registration;

import static java.util.Objects.requireNonNull;

import org.sbc.core.b2bua.Target;
import org.sbc.core.codec.SipUri;

/**
 * One registered contact of a phone: the PBX knows it only as {@code sip:TOKEN@sbc-inside}; we
 * know the phone's own Contact and the flow it registered on (source address and port as
 * received, RFC 3581, and for TCP the very connection).
 */
public record Binding(String token, String aor, String user, SipUri contact, Target flow, long expiresAtMillis) {

    public Binding {
        requireNonNull(token, "token");
        requireNonNull(aor, "aor");
        requireNonNull(user, "user");
        requireNonNull(contact, "contact");
        requireNonNull(flow, "flow");
    }

    public boolean expired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }
}

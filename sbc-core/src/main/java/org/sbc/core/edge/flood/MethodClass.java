package org.sbc.core.edge.flood;

import javax.sip.message.Request;

/** The classes the rate limiter keeps a bucket for, per source. */
public enum MethodClass {
    REGISTER,
    INVITE,
    OTHER;

    static MethodClass of(String method) {
        return switch (method) {
            case Request.REGISTER -> REGISTER;
            case Request.INVITE -> INVITE;
            default -> OTHER;
        };
    }
}

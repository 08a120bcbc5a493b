package org.sbc.core.edge.flood;

/** The classes the rate limiter keeps a bucket for, per source. */
public enum MethodClass {
    REGISTER,
    INVITE,
    OTHER;

    static MethodClass of(String method) {
        return switch (method) {
            case "REGISTER" -> REGISTER;
            case "INVITE" -> INVITE;
            default -> OTHER;
        };
    }
}

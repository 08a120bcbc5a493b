package org.sbc.core.events;

/** What kind of security decision an event reports. */
public enum SecurityEventType {
    BAN,
    UNBAN,
    BLOCK,
    AUTH_FAILURE,
    SCANNER,
    FLOOD,
    POLICY_DENY
}

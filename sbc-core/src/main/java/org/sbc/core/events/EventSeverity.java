package org.sbc.core.events;

/**
 * How serious each type of event is, for the sinks that grade: CEF severity (0..10) and syslog
 * severity (RFC 5424 §6.2.1). A ban or flood is an attack in progress; an unban is routine.
 */
public final class EventSeverity {

    /** Syslog severities used here. */
    public static final int WARNING = 4;
    public static final int NOTICE = 5;
    public static final int INFORMATIONAL = 6;

    private EventSeverity() {}

    public static int cef(SecurityEventType type) {
        return switch (type) {
            case BAN, FLOOD -> 7;
            case SCANNER -> 6;
            case AUTH_FAILURE, BLOCK, POLICY_DENY -> 5;
            case UNBAN -> 3;
        };
    }

    public static int syslog(SecurityEventType type) {
        return switch (type) {
            case BAN, FLOOD, SCANNER, AUTH_FAILURE -> WARNING;
            case BLOCK, POLICY_DENY -> NOTICE;
            case UNBAN -> INFORMATIONAL;
        };
    }

    /** The CEF Name: a fixed phrase per type, for humans reading a SIEM console. */
    public static String title(SecurityEventType type) {
        return switch (type) {
            case BAN -> "Source banned";
            case UNBAN -> "Ban lifted";
            case BLOCK -> "Request blocked";
            case AUTH_FAILURE -> "Authentication failed";
            case SCANNER -> "Scanner detected";
            case FLOOD -> "Flood detected";
            case POLICY_DENY -> "Denied by policy";
        };
    }
}

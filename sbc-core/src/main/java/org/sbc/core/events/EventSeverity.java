package org.sbc.core.events;

/**
 * How serious each type of event is, for the sinks that grade: CEF severity (0..10) and syslog
 * severity (RFC 5424 §6.2.1). A ban or flood is an attack in progress; an unban is routine. A
 * media timeout is most often a phone that vanished, worth a notice: many of them from one source
 * are calls set up to hold ports and call slots. A fraud block is toll fraud in progress; a
 * policy reload is a notice because a refused one leaves an older policy in force than the operator
 * meant.
 */
public final class EventSeverity {

    /** Syslog severities used here. */
    public static final int WARNING = 4;
    public static final int NOTICE = 5;
    public static final int INFORMATIONAL = 6;

    private EventSeverity() {}

    public static int cef(SecurityEventType type) {
        return switch (type) {
            case BAN, FLOOD, GLOBAL_FLOOD, FRAUD_BLOCK -> 7;
            case SCANNER, RTP_BLEED -> 6;
            case AUTH_FAILURE, BLOCK, POLICY_DENY, SRTP_FAILURE, ADMIN_AUTH_FAILURE, FRAUD_WARNING -> 5;
            case MEDIA_MALFORMED -> 4;
            case BAN_STORE -> 5;
            case FEED_EXEMPT, POLICY_RELOAD -> 4;
            case UNBAN, MEDIA_TIMEOUT, FEED_REFRESH, ADMIN_WRITE, FRAUD_RESET -> 3;
        };
    }

    public static int syslog(SecurityEventType type) {
        return switch (type) {
            case BAN, FLOOD, GLOBAL_FLOOD, SCANNER, AUTH_FAILURE, RTP_BLEED, SRTP_FAILURE, ADMIN_AUTH_FAILURE,
                    FRAUD_BLOCK -> WARNING;
            case BLOCK, POLICY_DENY, MEDIA_MALFORMED, MEDIA_TIMEOUT, FEED_EXEMPT, BAN_STORE, POLICY_RELOAD,
                    FRAUD_WARNING -> NOTICE;
            case UNBAN, FEED_REFRESH, ADMIN_WRITE, FRAUD_RESET -> INFORMATIONAL;
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
            case GLOBAL_FLOOD -> "Distributed flood detected";
            case POLICY_DENY -> "Denied by policy";
            case MEDIA_TIMEOUT -> "Call ended: no media";
            case RTP_BLEED -> "RTP bleed attempt";
            case MEDIA_MALFORMED -> "Garbage on media ports";
            case SRTP_FAILURE -> "SRTP authentication failures";
            case ADMIN_WRITE -> "Admin change";
            case ADMIN_AUTH_FAILURE -> "Admin access refused";
            case FEED_REFRESH -> "Threat feed refreshed";
            case FEED_EXEMPT -> "Feed lists an exempt source";
            case BAN_STORE -> "Shared ban store state";
            case POLICY_RELOAD -> "Security policy reload";
            case FRAUD_WARNING -> "Fraud warning level reached";
            case FRAUD_BLOCK -> "Fraud blocking level reached";
            case FRAUD_RESET -> "Fraud counts reset";
        };
    }
}

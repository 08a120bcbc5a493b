package org.sbc.core.events;

import org.sbc.core.metrics.Counter;

/** The counter of each event type, so that {@code /metrics} shows events per type. */
final class EventCounters {

    private EventCounters() {}

    static Counter of(SecurityEventType type) {
        return switch (type) {
            case BAN -> Counter.SECURITY_EVENTS_BAN;
            case UNBAN -> Counter.SECURITY_EVENTS_UNBAN;
            case BLOCK -> Counter.SECURITY_EVENTS_BLOCK;
            case AUTH_FAILURE -> Counter.SECURITY_EVENTS_AUTH_FAILURE;
            case SCANNER -> Counter.SECURITY_EVENTS_SCANNER;
            case FLOOD -> Counter.SECURITY_EVENTS_FLOOD;
            case GLOBAL_FLOOD -> Counter.SECURITY_EVENTS_GLOBAL_FLOOD;
            case POLICY_DENY -> Counter.SECURITY_EVENTS_POLICY_DENY;
            case MEDIA_TIMEOUT -> Counter.SECURITY_EVENTS_MEDIA_TIMEOUT;
            case RTP_BLEED -> Counter.SECURITY_EVENTS_RTP_BLEED;
            case MEDIA_MALFORMED -> Counter.SECURITY_EVENTS_MEDIA_MALFORMED;
            case SRTP_FAILURE -> Counter.SECURITY_EVENTS_SRTP_FAILURE;
            case ADMIN_WRITE -> Counter.SECURITY_EVENTS_ADMIN_WRITE;
            case ADMIN_AUTH_FAILURE -> Counter.SECURITY_EVENTS_ADMIN_AUTH_FAILURE;
            case FEED_REFRESH -> Counter.SECURITY_EVENTS_FEED_REFRESH;
            case FEED_EXEMPT -> Counter.SECURITY_EVENTS_FEED_EXEMPT;
            case BAN_STORE -> Counter.SECURITY_EVENTS_BAN_STORE;
            case POLICY_RELOAD -> Counter.SECURITY_EVENTS_POLICY_RELOAD;
            case FRAUD_WARNING -> Counter.SECURITY_EVENTS_FRAUD_WARNING;
            case FRAUD_BLOCK -> Counter.SECURITY_EVENTS_FRAUD_BLOCK;
            case FRAUD_RESET -> Counter.SECURITY_EVENTS_FRAUD_RESET;
        };
    }
}

package org.sbc.core.metrics;

import java.util.Locale;

/**
 * Every counter the SBC keeps, declared once, with the help text that {@code /metrics} shows.
 * docs/counters.md lists them; tests assert them.
 */
public enum Counter {
    UDP_DATAGRAMS_RECEIVED("UDP datagrams received on any listener"),
    TCP_CONNECTIONS_ACCEPTED("TCP connections accepted"),
    TCP_CONNECTIONS_REFUSED("TCP connections closed at once: per-source or total limit reached"),
    TCP_CONNECTIONS_IDLE_CLOSED("TCP connections closed after the idle timeout"),
    TCP_STREAMS_BROKEN("TCP connections closed because their framing could not be trusted"),
    KEEPALIVES_RECEIVED("CRLF keep-alives received (UDP) or pings answered (TCP)"),
    MESSAGES_RECEIVED("SIP messages that parsed and passed framing"),
    MALFORMED_ANSWERED("malformed requests answered with a 4xx"),
    MALFORMED_DROPPED("malformed messages dropped: too broken to answer"),
    SANITY_REJECTED("requests answered with a 4xx by the sanity checks"),
    SANITY_DROPPED("messages dropped by the sanity checks"),
    OPTIONS_ANSWERED("OPTIONS addressed to the SBC answered 200"),
    UNHANDLED_ANSWERED("requests no step handled, answered 501"),
    UNHANDLED_DROPPED("responses and ACKs no step handled, dropped"),
    RESPONSES_SENT("responses sent by the SBC itself"),
    SEND_FAILURES("responses that could not be sent"),
    SECURITY_EVENTS_BAN("BAN security events emitted by the edge steps"),
    SECURITY_EVENTS_UNBAN("UNBAN security events emitted"),
    SECURITY_EVENTS_BLOCK("BLOCK security events emitted"),
    SECURITY_EVENTS_AUTH_FAILURE("AUTH_FAILURE security events emitted"),
    SECURITY_EVENTS_SCANNER("SCANNER security events emitted"),
    SECURITY_EVENTS_FLOOD("FLOOD security events emitted"),
    SECURITY_EVENTS_POLICY_DENY("POLICY_DENY security events emitted"),
    SECURITY_EVENTS_DROPPED("security events dropped because the event queue was full"),
    SECURITY_EVENTS_SUPPRESSED("security events folded into a summary instead of being sent"),
    SECURITY_EVENT_SUMMARIES("summary events sent for suppressed repeats"),
    SECURITY_EVENT_SINK_FAILURES("security events a sink could not deliver: send error, buffer full or too large");

    private final String help;

    Counter(String help) {
        this.help = help;
    }

    public String help() {
        return help;
    }

    /** The Prometheus name: {@code sbc_malformed_dropped_total}. */
    public String metricName() {
        return "sbc_" + name().toLowerCase(Locale.ROOT) + "_total";
    }
}

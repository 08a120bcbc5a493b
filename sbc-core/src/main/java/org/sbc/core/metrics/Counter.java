package org.sbc.core.metrics;

import java.util.Locale;

/**
 * Every counter the SBC keeps, declared once, with the help text that {@code /metrics} shows.
 * docs/counters.md lists them; tests assert them.
 */
public enum Counter {
    UDP_DATAGRAMS_RECEIVED("UDP datagrams that reached the framer on any listener (past the ban gate and flood guard)"),
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
    BAN_DATAGRAMS_DROPPED("UDP datagrams dropped unread: source banned"),
    BAN_CONNECTIONS_REFUSED("TCP connections closed on accept: source banned"),
    BAN_CONNECTIONS_CLOSED("open TCP connections closed because their source was banned"),
    BAN_MONITORED("datagrams and connections from banned sources let through: ban mode monitor"),
    BANS_ADDED("bans added or extended (automatic and manual)"),
    BANS_REMOVED("bans lifted by an operator"),
    BANS_EXPIRED("bans that reached their end"),
    BANS_EVICTED("bans evicted early: ban table full"),
    BAN_EXEMPT("ban requests refused: the target is trusted or allowed"),
    BAN_STATE_SAVES("ban table saves to the state file"),
    BAN_STATE_SAVE_FAILURES("ban table saves that failed (retried)"),
    FLOODS_DETECTED("floods detected: a source or prefix over its density in the sampling window"),
    FLOOD_DROPPED("messages dropped by the flood guard while their source was over its density"),
    FLOOD_MONITORED("messages over a flood density let through: flood mode monitor"),
    FLOOD_UNTRACKED("messages not counted by the flood guard: its table was full"),
    RATE_LIMITED("requests dropped: over their source's token bucket"),
    RATE_LIMIT_MONITORED("requests over their token bucket let through: rate_limit mode monitor"),
    RATE_LIMIT_UNTRACKED("requests not rate-limited: the bucket table was full");

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

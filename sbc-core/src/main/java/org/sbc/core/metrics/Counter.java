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
    TCP_CONNECTIONS_KEPT_FOR_REGISTRATION("idle periods of TCP connections kept open because a registration lives on them"),
    TCP_STREAMS_BROKEN("TCP connections closed because their framing could not be trusted"),
    KEEPALIVES_RECEIVED("CRLF keep-alives received (UDP) or pings answered (TCP)"),
    MESSAGES_RECEIVED("SIP messages that parsed and passed framing"),
    MALFORMED_ANSWERED("malformed requests answered with a 4xx"),
    MALFORMED_DROPPED("malformed messages dropped: too broken to answer"),
    SANITY_REJECTED("requests answered with a 4xx by the sanity checks"),
    SANITY_DROPPED("messages dropped by the sanity checks"),
    OPTIONS_ANSWERED("OPTIONS addressed to the SBC answered 200"),
    UNHANDLED_DROPPED("responses and ACKs that match no transaction or dialog, dropped"),
    CALLS_STARTED("INVITEs that created a call (a new leg on the other side)"),
    CALLS_REFUSED("INVITEs refused with 503: max_dialogs or max_dialogs_per_source reached"),
    CALLS_ANSWERED("calls answered with 2xx"),
    CALLS_CANCELLED("calls cancelled by the caller"),
    CALLS_ENDED_BY_BYE("calls ended by a BYE from either side"),
    CALLS_ENDED_NO_ACK("calls ended because the 2xx was never ACKed"),
    CALLS_ENDED_NO_MEDIA("calls ended because no media flowed for media.timeout_seconds"),
    MEDIA_REFUSED("SDPs the media anchor refused: unreadable (488), or no ports or sessions left (503)"),
    MEDIA_REFUSED_PER_SOURCE("calls refused 503: their outside source holds media.max_sessions_per_source sessions"),
    MEDIA_RTP_PACKETS_RELAYED("RTP packets relayed, both ways, added as each call ends"),
    MEDIA_RTP_BYTES_RELAYED("octets of RTP relayed (plain RTP on an SRTP leg), added as each call ends"),
    MEDIA_RTCP_PACKETS_RELAYED("RTCP packets relayed, added as each call ends"),
    MEDIA_STRANGERS_DROPPED("media packets dropped for their source (RTP bleed, injection), added as each call ends"),
    MEDIA_MALFORMED_DROPPED("datagrams to media ports that were not RTP/RTCP, added as each call ends"),
    MEDIA_SRTP_FAILURES("packets SRTP termination dropped (not authentic, replayed, not protectable), added as each call ends"),
    CALLS_EARLY_TIMEOUT("calls cancelled after early_dialog_seconds without an answer"),
    TRANSACTIONS_REFUSED("requests dropped because a shard's transaction table was full"),
    LOOPS_DETECTED("requests answered 482: a copy of one already in progress arrived by another path"),
    REQUESTS_RELAYED("requests outside any dialog relayed to the other side (OPTIONS, MESSAGE, ...)"),
    TOPOLOGY_LEAKS_BLOCKED("messages to the outside dropped because an inside name would still have shown"),
    TOPOLOGY_DIALOGS_RECOVERED("calls rebuilt from a dialog handle by a node that held no state for them (failover, restart)"),
    TOPOLOGY_HANDLES_REJECTED("in-dialog requests whose dialog handle was forged, expired or unknown"),
    REGISTRATIONS_RELAYED("REGISTERs relayed to the PBX"),
    REGISTRATIONS_REFUSED("bindings not stored: max_bindings reached"),
    KEEPALIVES_SENT("OPTIONS keep-alives sent to phones registered over UDP"),
    SECFILTER_DROPPED("requests secfilter dropped without an answer"),
    SECFILTER_REJECTED("requests secfilter answered 403"),
    SECFILTER_MONITORED("requests secfilter would have blocked, passed in monitor mode"),
    SECFILTER_BANS_REQUESTED("ban requests made by secfilter"),
    SECFILTER_REGEX_BUDGET_EXCEEDED("regex matches stopped at their step budget, taken as a deny match"),
    SECFILTER_RELOADS("secfilter lists reloaded from the config file"),
    SECFILTER_RELOAD_FAILURES("secfilter reloads refused because the config file had errors; the old lists stay"),
    AUTH_CHALLENGED("requests without credentials answered 401/407 with a fresh nonce"),
    AUTH_ACCEPTED("requests whose digest credentials verified, passed on"),
    AUTH_FAILED("requests whose credentials did not verify (wrong password, unknown user, forged nonce), challenged again"),
    AUTH_STALE("requests with a correct digest over an expired nonce, challenged again with stale=true"),
    AUTH_REPLAYED("requests whose nonce-count was already used, challenged again with stale=true"),
    AUTH_BLOCKED("credentialed requests answered 403: their source and username reached the failure limit"),
    AUTH_MONITORED("requests digest auth would have challenged or refused, passed in monitor mode"),
    POLICY_ALLOWED("requests the security policy allowed (a rule or the default), passed on"),
    POLICY_REJECTED("requests the security policy answered with a final response"),
    POLICY_DROPPED("requests the security policy dropped without an answer (drop, or a reject of an ACK)"),
    POLICY_CHALLENGED("requests a policy challenge rule sent to digest auth that were answered 401/407/403"),
    POLICY_BANS_REQUESTED("ban requests made by policy ban rules"),
    POLICY_ROUTED("requests from the inside a policy route sent to a trunk (their Request-URI names the trunk)"),
    POLICY_MONITORED("monitor-mode policy rule matches: what they would have done was only logged"),
    POLICY_RELOADS("security policies reloaded (admin API, SIGHUP, file change)"),
    POLICY_RELOAD_FAILURES("policy reloads refused because a file had errors; the policy in force stays"),
    ADMISSION_REFUSED("new calls refused by a policy admission limit (concurrent calls or calls per second)"),
    FRAUD_BLOCKED("new calls refused 403 because their user or trunk reached a fraud blocking level"),
    FRAUD_WARNINGS("fraud warning levels reached (an event each)"),
    FRAUD_BLOCK_LEVELS_REACHED("fraud blocking levels reached: the user or trunk is blocked until reset or the window passes"),
    FRAUD_RESETS("fraud resets through the admin API (sbc fraud reset)"),
    AUTH_BANS_REQUESTED("ban requests made by digest auth: a source reached the failure limit"),
    RESPONSES_SENT("responses sent by the SBC itself"),
    SEND_FAILURES("responses that could not be sent"),
    SECURITY_EVENTS_BAN("BAN security events emitted by the edge steps"),
    SECURITY_EVENTS_UNBAN("UNBAN security events emitted"),
    SECURITY_EVENTS_BLOCK("BLOCK security events emitted"),
    SECURITY_EVENTS_AUTH_FAILURE("AUTH_FAILURE security events emitted"),
    SECURITY_EVENTS_SCANNER("SCANNER security events emitted"),
    SECURITY_EVENTS_FLOOD("FLOOD security events emitted"),
    SECURITY_EVENTS_POLICY_DENY("POLICY_DENY security events emitted"),
    SECURITY_EVENTS_MEDIA_TIMEOUT("MEDIA_TIMEOUT security events emitted: calls ended for no media"),
    SECURITY_EVENTS_RTP_BLEED("RTP_BLEED security events emitted: calls whose ports refused many strangers"),
    SECURITY_EVENTS_MEDIA_MALFORMED("MEDIA_MALFORMED security events emitted: calls whose ports got much garbage"),
    SECURITY_EVENTS_SRTP_FAILURE("SRTP_FAILURE security events emitted: calls with many unauthentic SRTP packets"),
    SECURITY_EVENTS_DROPPED("security events dropped because the event queue was full"),
    SECURITY_EVENTS_SUPPRESSED("security events folded into a summary instead of being sent"),
    SECURITY_EVENT_SUMMARIES("summary events sent for suppressed repeats"),
    SECURITY_EVENT_SINK_FAILURES("security events a sink could not deliver: send error, buffer full or too large"),
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

package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The {@code b2bua:} section and the {@code trunks:} list: timers, limits and routes of the
 * back-to-back user agent.
 *
 * @param t1Millis RFC 3261 T1, the round-trip estimate that scales every retransmit timer
 * @param t2Millis RFC 3261 T2, the longest retransmit interval for non-INVITE requests
 * @param t4Millis RFC 3261 T4, how long a message may live in the network
 * @param maxDialogs calls up at once; stops a flood of INVITEs exhausting memory (503 beyond)
 * @param maxDialogsPerSource calls up at once from one outside address (503 beyond)
 * @param maxDialogSeconds a call older than this is ended with BYE on both legs; stops
 *     forgotten calls (a lost BYE) from holding state forever
 * @param earlyDialogSeconds an INVITE with no final answer after this is cancelled (408)
 * @param maxBindings registered contacts the binding cache holds
 * @param keepaliveSeconds OPTIONS pings to phones registered over UDP, to keep NAT bindings
 *     open; 0 switches them off
 * @param trunks where requests from the PBX go when they are not for a registered phone
 * @param requestUri what Request-URI a request from the outside carries to the PBX
 *     ({@code inside.request_uri})
 */
public record B2buaConfig(
        int t1Millis,
        int t2Millis,
        int t4Millis,
        int maxDialogs,
        int maxDialogsPerSource,
        int maxDialogSeconds,
        int earlyDialogSeconds,
        int maxBindings,
        int keepaliveSeconds,
        List<Trunk> trunks,
        RequestUriMode requestUri) {

    public static final B2buaConfig DEFAULT =
            new B2buaConfig(500, 4_000, 5_000, 10_000, 100, 14_400, 180, 10_000, 30, List.of(), RequestUriMode.KEEP);

    /**
     * {@code inside.request_uri}: what a request from the outside names as its Request-URI on the
     * inside. Either way it is sent to {@code inside.pbx}.
     */
    public enum RequestUriMode {
        /**
         * The phone's own user and host: a multi-domain registrar or PBX routes on the host, so
         * that bob@tenant-a and bob@tenant-b stay two users.
         */
        KEEP,
        /** The user at the PBX's host and port: for a PBX that only accepts its own name there. */
        PBX
    }

    public B2buaConfig(int t1Millis, int t2Millis, int t4Millis, int maxDialogs, int maxDialogsPerSource,
            int maxDialogSeconds, int earlyDialogSeconds, int maxBindings, int keepaliveSeconds, List<Trunk> trunks) {
        this(t1Millis, t2Millis, t4Millis, maxDialogs, maxDialogsPerSource, maxDialogSeconds, earlyDialogSeconds,
                maxBindings, keepaliveSeconds, trunks, RequestUriMode.KEEP);
    }

    public B2buaConfig {
        requireNonNull(trunks, "trunks");
        requireNonNull(requestUri, "requestUri");
        trunks = List.copyOf(trunks);
        if (t1Millis < 1 || t2Millis < t1Millis || t4Millis < 1) {
            throw new IllegalArgumentException("timers: t1 " + t1Millis + ", t2 " + t2Millis + ", t4 " + t4Millis
                    + " (expected: t1 >= 1, t2 >= t1, t4 >= 1)");
        }
        if (maxDialogs < 1 || maxDialogsPerSource < 1 || maxDialogSeconds < 1 || earlyDialogSeconds < 1
                || maxBindings < 1 || keepaliveSeconds < 0) {
            throw new IllegalArgumentException("b2bua limits must be positive");
        }
    }

    /** RFC 3261 timer B, F, H and J: 64 × T1. */
    public long transactionTimeoutMillis() {
        return 64L * t1Millis;
    }

    public B2buaConfig withTimers(int t1, int t2, int t4) {
        return new B2buaConfig(t1, t2, t4, maxDialogs, maxDialogsPerSource, maxDialogSeconds,
                earlyDialogSeconds, maxBindings, keepaliveSeconds, trunks, requestUri);
    }

    public B2buaConfig withTrunks(List<Trunk> trunks) {
        return new B2buaConfig(t1Millis, t2Millis, t4Millis, maxDialogs, maxDialogsPerSource, maxDialogSeconds,
                earlyDialogSeconds, maxBindings, keepaliveSeconds, trunks, requestUri);
    }

    public B2buaConfig withLimits(int maxDialogs, int maxDialogsPerSource, int maxDialogSeconds, int earlyDialogSeconds) {
        return new B2buaConfig(t1Millis, t2Millis, t4Millis, maxDialogs, maxDialogsPerSource, maxDialogSeconds,
                earlyDialogSeconds, maxBindings, keepaliveSeconds, trunks, requestUri);
    }

    /** The same config holding at most these many calls and bindings (the memory budget's bounds). */
    public B2buaConfig withCapacity(int maxDialogs, int maxDialogsPerSource, int maxBindings) {
        return new B2buaConfig(t1Millis, t2Millis, t4Millis, maxDialogs, maxDialogsPerSource, maxDialogSeconds,
                earlyDialogSeconds, maxBindings, keepaliveSeconds, trunks, requestUri);
    }

    public B2buaConfig withKeepaliveSeconds(int keepaliveSeconds) {
        return new B2buaConfig(t1Millis, t2Millis, t4Millis, maxDialogs, maxDialogsPerSource, maxDialogSeconds,
                earlyDialogSeconds, maxBindings, keepaliveSeconds, trunks, requestUri);
    }

    public B2buaConfig withRequestUri(RequestUriMode requestUri) {
        return new B2buaConfig(t1Millis, t2Millis, t4Millis, maxDialogs, maxDialogsPerSource, maxDialogSeconds,
                earlyDialogSeconds, maxBindings, keepaliveSeconds, trunks, requestUri);
    }
}

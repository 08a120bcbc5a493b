package org.sbc.core.config;

/**
 * Input limits, enforced before the SIP parser sees a byte. Each default names what it stops.
 *
 * @param maxMessageBytes largest message (UDP datagram or TCP frame); stops memory and CPU
 *     exhaustion through huge messages. SIP over UDP is expected to stay below the MTU.
 * @param maxHeaders most header lines in one message; stops parser work amplification
 * @param maxLineBytes longest single header line; stops pathological tokens and regex blow-ups
 * @param tcpConnectionsPerSource open TCP connections allowed from one IP address; stops one
 *     host exhausting file descriptors
 * @param tcpConnectionsTotal open TCP connections in total, across all sources
 * @param tcpIdleTimeoutSeconds a TCP connection with no bytes in either direction this long is
 *     closed; stops slow-loris style connection hoarding
 * @param udpReceiveBufferBytes SO_RCVBUF for UDP sockets; a small buffer drops bursts
 * @param memoryBudgetPercent share of the JVM's maximum heap that the tables attacker traffic can
 *     fill may take together (see {@code memory/TableBounds}); the rest is headroom for the
 *     garbage collector and for what is in flight
 * @param memoryBudgetMb the same budget in MiB, when set (0 = use the percentage); at most 80 %
 *     of the maximum heap
 * @param newDialogsPerSecond calls and subscriptions opened per second across all sources past
 *     which the SBC is under pressure and admits new work from sources it knows first
 * @param warmUpMs how long the start may run the message path's hottest code and then whole
 *     calls through the B2BUA before the listeners open (0 = not at all), so that a flood or a
 *     call rate meeting a fresh start meets compiled code ({@code transport/MessagePathWarmUp},
 *     {@code b2bua/CallPathWarmUp})
 */
public record Limits(
        int maxMessageBytes,
        int maxHeaders,
        int maxLineBytes,
        int tcpConnectionsPerSource,
        int tcpConnectionsTotal,
        int tcpIdleTimeoutSeconds,
        int udpReceiveBufferBytes,
        int tcpConnectionsPerPrefix,
        int tcpConnectionsPerWidePrefix,
        int tcpFirstMessageSeconds,
        int memoryBudgetPercent,
        int memoryBudgetMb,
        int newDialogsPerSecond,
        int warmUpMs) {

    public static final int DEFAULT_TCP_CONNECTIONS_PER_PREFIX = 256;
    public static final int DEFAULT_TCP_CONNECTIONS_PER_WIDE_PREFIX = 1_024;
    public static final int DEFAULT_TCP_FIRST_MESSAGE_SECONDS = 5;
    public static final int DEFAULT_MEMORY_BUDGET_PERCENT = 60;
    public static final int DEFAULT_NEW_DIALOGS_PER_SECOND = 200;
    public static final int DEFAULT_WARM_UP_MILLIS = 2_500;
    public static final int MAX_WARM_UP_MILLIS = 5_000;
    /** The most of the heap a budget may take: the collector needs the rest to keep up. */
    public static final int MAX_MEMORY_BUDGET_PERCENT = 80;

    public static final Limits DEFAULT = new Limits(16_384, 100, 4_096, 32, 4_096, 120, 4 << 20);

    /** With the defaults for the per-prefix caps and the first-message deadline. */
    public Limits(int maxMessageBytes, int maxHeaders, int maxLineBytes, int tcpConnectionsPerSource,
            int tcpConnectionsTotal, int tcpIdleTimeoutSeconds, int udpReceiveBufferBytes) {
        this(maxMessageBytes, maxHeaders, maxLineBytes, tcpConnectionsPerSource, tcpConnectionsTotal,
                tcpIdleTimeoutSeconds, udpReceiveBufferBytes, DEFAULT_TCP_CONNECTIONS_PER_PREFIX,
                DEFAULT_TCP_CONNECTIONS_PER_WIDE_PREFIX, DEFAULT_TCP_FIRST_MESSAGE_SECONDS);
    }

    /** With the defaults for the memory budget and the new-dialog rate. */
    public Limits(int maxMessageBytes, int maxHeaders, int maxLineBytes, int tcpConnectionsPerSource,
            int tcpConnectionsTotal, int tcpIdleTimeoutSeconds, int udpReceiveBufferBytes, int tcpConnectionsPerPrefix,
            int tcpConnectionsPerWidePrefix, int tcpFirstMessageSeconds) {
        this(maxMessageBytes, maxHeaders, maxLineBytes, tcpConnectionsPerSource, tcpConnectionsTotal,
                tcpIdleTimeoutSeconds, udpReceiveBufferBytes, tcpConnectionsPerPrefix, tcpConnectionsPerWidePrefix,
                tcpFirstMessageSeconds, DEFAULT_MEMORY_BUDGET_PERCENT, 0, DEFAULT_NEW_DIALOGS_PER_SECOND,
                DEFAULT_WARM_UP_MILLIS);
    }

    /** The same limits with {@code tcp_connections_total} at most {@code total} (the memory budget's bound). */
    public Limits withTcpConnectionsAtMost(int total) {
        int capped = Math.min(tcpConnectionsTotal, total);
        return new Limits(maxMessageBytes, maxHeaders, maxLineBytes, Math.min(tcpConnectionsPerSource, capped), capped,
                tcpIdleTimeoutSeconds, udpReceiveBufferBytes, tcpConnectionsPerPrefix, tcpConnectionsPerWidePrefix,
                tcpFirstMessageSeconds, memoryBudgetPercent, memoryBudgetMb, newDialogsPerSecond, warmUpMs);
    }

    /** The same limits with {@code warm_up_ms} set to {@code millis} (0: off). */
    public Limits withWarmUpMs(int millis) {
        return new Limits(maxMessageBytes, maxHeaders, maxLineBytes, tcpConnectionsPerSource, tcpConnectionsTotal,
                tcpIdleTimeoutSeconds, udpReceiveBufferBytes, tcpConnectionsPerPrefix, tcpConnectionsPerWidePrefix,
                tcpFirstMessageSeconds, memoryBudgetPercent, memoryBudgetMb, newDialogsPerSecond, millis);
    }

    /** The largest payload a UDP datagram can carry over IPv4. */
    public static final int MAX_UDP_PAYLOAD = 65_507;

    public Limits {
        checkRange("max_message_bytes", maxMessageBytes, 512, MAX_UDP_PAYLOAD);
        checkRange("max_headers", maxHeaders, 8, 1_000);
        checkRange("max_line_bytes", maxLineBytes, 128, maxMessageBytes);
        checkRange("tcp_connections_per_source", tcpConnectionsPerSource, 1, tcpConnectionsTotal);
        checkRange("tcp_connections_total", tcpConnectionsTotal, 1, 1_000_000);
        checkRange("tcp_idle_timeout_seconds", tcpIdleTimeoutSeconds, 1, 86_400);
        checkRange("udp_receive_buffer_bytes", udpReceiveBufferBytes, 65_536, 1 << 28);
        checkRange("tcp_connections_per_prefix", tcpConnectionsPerPrefix, 1, 1_000_000);
        checkRange("tcp_connections_per_wide_prefix", tcpConnectionsPerWidePrefix, 1, 1_000_000);
        checkRange("tcp_first_message_seconds", tcpFirstMessageSeconds, 1, 300);
        checkRange("memory_budget_percent", memoryBudgetPercent, 10, MAX_MEMORY_BUDGET_PERCENT);
        checkRange("memory_budget_mb", memoryBudgetMb, 0, 1 << 20);
        checkRange("new_dialogs_per_second", newDialogsPerSecond, 1, 1_000_000);
        checkRange("warm_up_ms", warmUpMs, 0, MAX_WARM_UP_MILLIS);
    }

    private static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }
}

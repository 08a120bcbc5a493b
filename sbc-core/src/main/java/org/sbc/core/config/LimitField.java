package org.sbc.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The keys of the {@code limits:} section, in {@link Limits} component order, with the ranges
 * its constructor enforces. Two ranges there depend on another field; stage 1 checks the widest
 * range and {@link CrossChecks} the dependency. LimitFieldTest keeps these in step with the
 * record.
 */
enum LimitField {
    MAX_MESSAGE_BYTES("max_message_bytes", 512, Limits.MAX_UDP_PAYLOAD, Limits::maxMessageBytes),
    MAX_HEADERS("max_headers", 8, 1_000, Limits::maxHeaders),
    /** At most max_message_bytes. */
    MAX_LINE_BYTES("max_line_bytes", 128, Limits.MAX_UDP_PAYLOAD, Limits::maxLineBytes),
    /** At most tcp_connections_total. */
    TCP_CONNECTIONS_PER_SOURCE("tcp_connections_per_source", 1, 1_000_000, Limits::tcpConnectionsPerSource),
    TCP_CONNECTIONS_TOTAL("tcp_connections_total", 1, 1_000_000, Limits::tcpConnectionsTotal),
    TCP_IDLE_TIMEOUT_SECONDS("tcp_idle_timeout_seconds", 1, 86_400, Limits::tcpIdleTimeoutSeconds),
    UDP_RECEIVE_BUFFER_BYTES("udp_receive_buffer_bytes", 65_536, 1 << 28, Limits::udpReceiveBufferBytes),
    /** Per /24 (IPv4) or /64 (IPv6): many hosts of one network count together. */
    TCP_CONNECTIONS_PER_PREFIX("tcp_connections_per_prefix", 1, 1_000_000, Limits::tcpConnectionsPerPrefix),
    /** Per /16 (IPv4) or /48 (IPv6). */
    TCP_CONNECTIONS_PER_WIDE_PREFIX("tcp_connections_per_wide_prefix", 1, 1_000_000, Limits::tcpConnectionsPerWidePrefix),
    TCP_FIRST_MESSAGE_SECONDS("tcp_first_message_seconds", 1, 300, Limits::tcpFirstMessageSeconds),
    MEMORY_BUDGET_PERCENT("memory_budget_percent", 10, Limits.MAX_MEMORY_BUDGET_PERCENT, Limits::memoryBudgetPercent),
    /** 0 = from the percentage; at most 80 % of the maximum heap ({@link CrossChecks}). */
    MEMORY_BUDGET_MB("memory_budget_mb", 0, 1 << 20, Limits::memoryBudgetMb),
    NEW_DIALOGS_PER_SECOND("new_dialogs_per_second", 1, 1_000_000, Limits::newDialogsPerSecond),
    /** 0 = off. */
    WARM_UP_MS("warm_up_ms", 0, Limits.MAX_WARM_UP_MILLIS, Limits::warmUpMs);

    static final List<String> KEYS = Arrays.stream(values()).map(LimitField::key).toList();

    private final String key;
    private final int min;
    private final int max;
    private final ToIntFunction<Limits> accessor;

    LimitField(String key, int min, int max, ToIntFunction<Limits> accessor) {
        this.key = key;
        this.min = min;
        this.max = max;
        this.accessor = accessor;
    }

    String key() {
        return key;
    }

    int min() {
        return min;
    }

    int max() {
        return max;
    }

    int valueOf(Limits limits) {
        return accessor.applyAsInt(limits);
    }

    static Optional<LimitField> ofKey(String key) {
        return Arrays.stream(values()).filter(field -> field.key.equals(key)).findFirst();
    }
}

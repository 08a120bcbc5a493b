package org.sbc.core.memory;

import org.sbc.core.config.B2buaConfig;
import org.sbc.core.config.Limits;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.SecurityConfig;
import org.sbc.core.config.SecurityEventsConfig;
import org.sbc.core.edge.flood.FloodConfig;
import org.sbc.core.edge.flood.RateLimitConfig;

/**
 * How many entries each table that attacker traffic can fill may hold, so that all of them
 * together stay inside the memory budget: the budget is shared out between the tables, each
 * share divided by the entry's {@link EntryCosts measured cost}, and a configured count lower
 * than that is kept. New work is refused when a table reaches its bound, which is therefore
 * before the budget is spent, never after.
 *
 * @param budgetBytes the budget: memory_budget_mb, or memory_budget_percent of the maximum heap
 * @param dialogs calls up at once (b2bua.max_dialogs at most)
 * @param serverTransactions open server transactions across all shards
 * @param bindings registered contacts (b2bua.max_bindings at most)
 * @param mappings topology-hiding mappings in strip mode's memory store (topology_hiding.max_entries at most)
 * @param floodWindows counters per flood guard table (security.flood.max_entries at most)
 * @param rateBuckets token buckets (security.rate_limit.max_entries at most)
 * @param tcpConnections open TCP and TLS connections (limits.tcp_connections_total at most)
 * @param eventQueue security events waiting for delivery (security.events.queue_size at most)
 */
public record TableBounds(long budgetBytes, int dialogs, int serverTransactions, int bindings, int mappings,
        int floodWindows,
        int rateBuckets, int tcpConnections, int eventQueue) {

    /** Shares of the budget, in percent; they add up to 100. Transactions and calls are what floods fill. */
    static final int TRANSACTIONS_SHARE = 38;
    static final int DIALOGS_SHARE = 28;
    static final int BINDINGS_SHARE = 10;
    static final int MAPPINGS_SHARE = 5;
    static final int FLOOD_SHARE = 5;
    static final int RATE_SHARE = 5;
    static final int TCP_SHARE = 6;
    static final int EVENTS_SHARE = 3;
    /** The flood guard keeps up to this many tables (an address and its enclosing prefixes). */
    static final int FLOOD_TABLES = 3;

    public static TableBounds derive(SbcConfig config, long maxHeapBytes) {
        Limits limits = config.limits();
        long budget = limits.memoryBudgetMb() > 0
                ? (long) limits.memoryBudgetMb() << 20
                : maxHeapBytes / 100 * limits.memoryBudgetPercent();
        SecurityConfig security = config.security();
        return new TableBounds(budget,
                bound(budget, DIALOGS_SHARE, EntryCosts.CALL, config.b2bua().maxDialogs()),
                bound(budget, TRANSACTIONS_SHARE, EntryCosts.SERVER_TRANSACTION, Integer.MAX_VALUE),
                bound(budget, BINDINGS_SHARE, EntryCosts.BINDING, config.b2bua().maxBindings()),
                bound(budget, MAPPINGS_SHARE, EntryCosts.MAPPING, config.topology().maxEntries()),
                Math.max(FloodConfig.MIN_ENTRIES,
                        bound(budget, FLOOD_SHARE, EntryCosts.FLOOD_WINDOW * FLOOD_TABLES, security.flood().maxEntries())),
                Math.max(RateLimitConfig.MIN_ENTRIES,
                        bound(budget, RATE_SHARE, EntryCosts.RATE_BUCKET, security.rateLimit().maxEntries())),
                bound(budget, TCP_SHARE, EntryCosts.TCP_CONNECTION, limits.tcpConnectionsTotal()),
                Math.max(SecurityEventsConfig.MIN_QUEUE_SIZE,
                        bound(budget, EVENTS_SHARE, EntryCosts.EVENT, security.events().queueSize())));
    }

    /** {@code config} with every table's configured count lowered to its bound. */
    public SbcConfig applyTo(SbcConfig config) {
        B2buaConfig b2bua = config.b2bua();
        SecurityConfig security = config.security();
        FloodConfig flood = security.flood();
        RateLimitConfig rate = security.rateLimit();
        SecurityEventsConfig events = security.events();
        return config
                .withTopology(config.topology().withMaxEntries(mappings))
                .withLimits(config.limits().withTcpConnectionsAtMost(tcpConnections))
                .withB2bua(b2bua.withCapacity(Math.min(dialogs, b2bua.maxDialogs()),
                        Math.min(b2bua.maxDialogsPerSource(), dialogs), Math.min(bindings, b2bua.maxBindings())))
                .withSecurity(security
                        .withFlood(flood.withMaxEntries(floodWindows))
                        .withRateLimit(rate.withMaxEntries(rateBuckets))
                        .withEvents(events.withQueueSize(eventQueue)));
    }

    /** Open server transactions one of {@code shards} shards may hold. */
    public int serverTransactionsPerShard(int shards) {
        return Math.max(1, serverTransactions / shards);
    }

    /**
     * What the tables would take if every one were full: not more than the budget (the few
     * tables with a least size, 16 entries, could pass it only in a budget under a MiB).
     */
    public long fullBytes() {
        return dialogs * EntryCosts.CALL + serverTransactions * EntryCosts.SERVER_TRANSACTION
                + bindings * EntryCosts.BINDING + mappings * EntryCosts.MAPPING + floodWindows * EntryCosts.FLOOD_WINDOW * FLOOD_TABLES
                + rateBuckets * EntryCosts.RATE_BUCKET + tcpConnections * EntryCosts.TCP_CONNECTION
                + eventQueue * EntryCosts.EVENT;
    }

    @Override
    public String toString() {
        return "memory budget " + (budgetBytes >> 20) + " MiB: dialogs " + dialogs + ", server transactions "
                + serverTransactions + ", bindings " + bindings + ", mappings " + mappings + ", flood counters " + floodWindows
                + " per table, rate buckets " + rateBuckets + ", TCP connections " + tcpConnections
                + ", event queue " + eventQueue;
    }

    private static int bound(long budget, int sharePercent, long entryBytes, int configured) {
        long fits = budget / 100 * sharePercent / entryBytes;
        return (int) Math.max(1, Math.min(configured, fits));
    }
}

package org.sbc.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.config.yaml.ConfigException;

class TableBoundsTest {

    private static final long GIB = 1L << 30;

    @Test
    void everyTableFullStillFitsTheBudget() {
        for (long heap : new long[] {256L << 20, GIB, 4 * GIB, 16 * GIB}) {
            TableBounds bounds = TableBounds.derive(SbcConfig.defaults(), heap);
            assertTrue(bounds.fullBytes() <= bounds.budgetBytes(), heap + ": " + bounds);
            assertEquals(heap / 100 * 60, bounds.budgetBytes(), "60 % of the heap by default");
        }
    }

    @Test
    void aSmallHeapLowersTheCountsAndALargeOneKeepsWhatIsConfigured() {
        TableBounds small = TableBounds.derive(SbcConfig.defaults(), 64L << 20);
        assertTrue(small.dialogs() < 10_000 && small.serverTransactions() < 200_000, small.toString());
        TableBounds large = TableBounds.derive(SbcConfig.defaults(), 16 * GIB);
        assertEquals(10_000, large.dialogs(), "b2bua.max_dialogs is kept when the budget allows more");
        assertEquals(4_096, large.tcpConnections(), "limits.tcp_connections_total likewise");
    }

    @Test
    void anAbsoluteBudgetWinsOverThePercentage() throws Exception {
        SbcConfig config = ConfigLoader.parse("limits:\n  memory_budget_mb: 1\n", "budget.yaml");
        TableBounds bounds = TableBounds.derive(config, 4 * GIB);
        assertEquals(1L << 20, bounds.budgetBytes());
        // 38 % of 1 MiB for transactions of 10 KiB each; 28 % for calls of 13.5 KiB
        assertEquals(38, bounds.serverTransactions());
        assertEquals(21, bounds.dialogs());
        assertTrue(bounds.fullBytes() <= bounds.budgetBytes(), bounds.toString());
    }

    @Test
    void appliesTheBoundsToTheConfigSoEveryTableIsSizedByThem() throws Exception {
        SbcConfig config = ConfigLoader.parse("limits:\n  memory_budget_mb: 1\n", "budget.yaml");
        TableBounds bounds = TableBounds.derive(config, 4 * GIB);
        SbcConfig applied = bounds.applyTo(config);
        assertEquals(bounds.dialogs(), applied.b2bua().maxDialogs());
        assertEquals(bounds.bindings(), applied.b2bua().maxBindings());
        assertEquals(bounds.mappings(), applied.topology().maxEntries());
        assertEquals(bounds.tcpConnections(), applied.limits().tcpConnectionsTotal());
        assertTrue(applied.limits().tcpConnectionsPerSource() <= applied.limits().tcpConnectionsTotal());
        assertEquals(bounds.floodWindows(), applied.security().flood().maxEntries());
        assertEquals(bounds.rateBuckets(), applied.security().rateLimit().maxEntries());
        assertEquals(bounds.eventQueue(), applied.security().events().queueSize());
        assertEquals(19, bounds.serverTransactionsPerShard(2));
    }

    @Test
    void refusesABudgetTheHeapCannotHoldWithItsPosition() {
        long heapMb = Runtime.getRuntime().maxMemory() >> 20;
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("limits:\n  memory_budget_mb: " + heapMb + "\n", "budget.yaml"));
        List<ConfigError> errors = e.errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(2, errors.get(0).line());
        assertEquals(21, errors.get(0).column());
        assertEquals("limits.memory_budget_mb", errors.get(0).path());
        assertTrue(errors.get(0).message().contains("more than 80 % of the maximum heap"), errors.get(0).message());
    }
}

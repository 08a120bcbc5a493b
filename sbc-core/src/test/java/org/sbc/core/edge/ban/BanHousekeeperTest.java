package org.sbc.core.edge.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.sbc.core.edge.ban.BanTableTest.prefix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.RecordingSink;

class BanHousekeeperTest {

    @TempDir
    Path dir;

    private final Counters counters = new Counters();
    private final RecordingSink events = new RecordingSink();

    private BanTable table() {
        return new BanTable(BanConfig.DEFAULT, Exemptions.NONE, events, counters, InstantSource.system());
    }

    private static void ban(BanTable table, String target) {
        java.time.Instant now = java.time.Instant.now();
        table.ban(prefix(target), BanReason.FLOOD, new Evidence("test", "rule", Map.of(), now, now));
    }

    @Test
    void savesOnceShortlyAfterABurstOfChanges() throws Exception {
        BanStateFile file = new BanStateFile(dir.resolve("bans.json"));
        BanTable table = table();
        try (BanHousekeeper keeper = new BanHousekeeper(table, Optional.of(file), counters)) {
            for (int i = 1; i <= 50; i++) {
                ban(table, "203.0.113." + i);
            }
            for (int i = 0; i < 50 && counters.get(Counter.BAN_STATE_SAVES) == 0; i++) {
                Thread.sleep(50);
            }
            assertEquals(1, counters.get(Counter.BAN_STATE_SAVES), "one save for the whole burst");
            assertEquals(50, file.read().size());
        }
    }

    @Test
    void savesWhatChangedOnClose() throws Exception {
        BanStateFile file = new BanStateFile(dir.resolve("bans.json"));
        BanTable table = table();
        BanHousekeeper keeper = new BanHousekeeper(table, Optional.of(file), counters);
        ban(table, "203.0.113.7");
        keeper.close();
        assertEquals(1, file.read().size());
    }

    @Test
    void expiresBansOnItsOwn() throws Exception {
        BanTable table = new BanTable(new BanConfig(BanConfig.DEFAULT.mode(), 1, 1, 1, 0, 100, Optional.empty()),
                Exemptions.NONE, events, counters, InstantSource.system());
        try (BanHousekeeper keeper = new BanHousekeeper(table, Optional.empty(), counters)) {
            ban(table, "203.0.113.7");
            assertEquals(1, table.size());
            for (int i = 0; i < 60 && table.size() > 0; i++) {
                Thread.sleep(50);
            }
            assertEquals(0, table.size());
            assertEquals(1, events.ofType(SecurityEventType.UNBAN).size());
            assertFalse(Files.exists(dir.resolve("bans.json")), "no state file configured, none written");
        }
    }
}

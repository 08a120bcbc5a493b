package org.sbc.core.edge.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.edge.ban.BanTableTest.prefix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.ManualClock;

class BanStateFileTest {

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.atTestStart();

    private BanTable table() {
        return new BanTable(BanConfig.DEFAULT, Exemptions.NONE, SecurityEventSink.NONE, new Counters(), clock);
    }

    private BanTable tableWithBans() {
        BanTable table = table();
        table.ban(prefix("203.0.113.7"), BanReason.FLOOD, new Evidence("flood-guard", "density 200 per 2 s",
                Map.of("messages_in_window", 201L, "density", 200L), clock.instant(), clock.instant()));
        table.banFor(prefix("2001:db8::/48"), Duration.ofHours(1), BanReason.MANUAL,
                new Evidence("admin", "manual ban", Map.of(), clock.instant(), clock.instant()),
                Optional.of("quote \" backslash \\ and <tag>"));
        table.hit(prefix("203.0.113.7").network());
        return table;
    }

    @Test
    void keepsEveryFieldAcrossSaveAndLoad() throws Exception {
        BanTable saved = tableWithBans();
        BanStateFile file = new BanStateFile(dir.resolve("var").resolve("bans.json"));
        file.write(saved.list());
        BanTable loaded = table();
        assertEquals(2, file.load(loaded, clock.instant()));
        assertEquals(saved.list(), loaded.list());
    }

    @Test
    void leavesNoTemporaryFileBehind() throws Exception {
        BanStateFile file = new BanStateFile(dir.resolve("bans.json"));
        file.write(tableWithBans().list());
        file.write(List.of());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("bans.json")), files.toList());
        }
    }

    @Test
    void skipsBansThatExpiredWhileStopped() throws Exception {
        BanStateFile file = new BanStateFile(dir.resolve("bans.json"));
        file.write(tableWithBans().list());
        clock.advance(Duration.ofSeconds(601));
        BanTable loaded = table();
        assertEquals(1, file.load(loaded, clock.instant()));
        assertTrue(loaded.get(prefix("2001:db8::/48")).isPresent());
    }

    @Test
    void startsEmptyWithoutAFile() throws Exception {
        assertEquals(0, new BanStateFile(dir.resolve("none.json")).load(table(), clock.instant()));
    }

    @Test
    void movesACorruptFileAsideAndStartsEmpty() throws Exception {
        Path path = dir.resolve("bans.json");
        Files.writeString(path, "{\"version\":1,\"bans\":[{\"target\":\"not an address\"");
        BanTable loaded = table();
        assertEquals(0, new BanStateFile(path).load(loaded, clock.instant()));
        assertFalse(Files.exists(path));
        try (Stream<Path> files = Files.list(dir)) {
            Path aside = files.findFirst().orElseThrow();
            assertTrue(aside.getFileName().toString().startsWith("bans.json.corrupt-"), aside.toString());
            assertTrue(Files.readString(aside).contains("not an address"), "the bytes are kept as they were");
        }
    }

    @Test
    void refusesAFileOfAnotherVersion() {
        BanStateFile.CorruptStateException e = assertThrows(BanStateFile.CorruptStateException.class, () -> {
            Path path = dir.resolve("bans.json");
            Files.writeString(path, "{\"version\":2,\"bans\":[]}");
            new BanStateFile(path).read();
        });
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void refusesToStartWhenACorruptFileCannotBeMovedAside() throws Exception {
        Path path = dir.resolve("bans.json");
        Files.writeString(path, "garbage");
        // Something already occupies the name it would be moved to.
        Files.createDirectories(dir.resolve("bans.json.corrupt-20261126T120000Z").resolve("occupied"));
        IOException e = assertThrows(IOException.class, () -> new BanStateFile(path).load(table(), clock.instant()));
        assertTrue(e.getMessage().contains("refusing to start"), e.getMessage());
        assertEquals("garbage", Files.readString(path));
    }
}

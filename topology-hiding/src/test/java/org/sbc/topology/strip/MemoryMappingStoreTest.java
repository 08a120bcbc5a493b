package org.sbc.topology.strip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryMappingStoreTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MemoryMappingStore store = new MemoryMappingStore(3, now::get);

    private Optional<byte[]> get(String id) {
        var stage = store.get(id).toCompletableFuture();
        assertTrue(stage.isDone(), "stages are already complete");
        return stage.join();
    }

    private void put(String id, int value, long ttlMillis) {
        assertTrue(store.put(id, new byte[] {(byte) value}, Duration.ofMillis(ttlMillis)).toCompletableFuture().isDone());
    }

    @Test
    void putsGetsAndRemoves() {
        put("a", 1, 1_000);
        assertArrayEquals(new byte[] {1}, get("a").orElseThrow());
        put("a", 2, 1_000);
        assertArrayEquals(new byte[] {2}, get("a").orElseThrow());
        assertEquals(1, store.size());
        store.remove("a");
        assertEquals(Optional.empty(), get("a"));
        assertEquals(Optional.empty(), get("never"));
        assertEquals(0, store.size());
    }

    @Test
    void entriesExpireAtTheirTtl() {
        put("a", 1, 1_000);
        put("b", 2, 2_000);
        now.addAndGet(999);
        assertTrue(get("a").isPresent());
        now.addAndGet(1);
        assertEquals(Optional.empty(), get("a"));
        assertEquals(1, store.size());
        now.addAndGet(1_000);
        assertEquals(0, store.size());
        assertEquals(Optional.empty(), get("b"));
    }

    @Test
    void aPutRenewsTheExpiry() {
        put("a", 1, 1_000);
        now.addAndGet(900);
        put("a", 1, 1_000);
        now.addAndGet(900);
        assertTrue(get("a").isPresent());
    }

    @Test
    void whenFullEvictsExpiredEntriesFirst() {
        put("long", 1, 10_000);
        put("short", 2, 100);
        put("mid", 3, 5_000);
        now.addAndGet(200);
        put("new", 4, 10_000);
        assertEquals(3, store.size());
        assertEquals(Optional.empty(), get("short"));
        assertTrue(get("long").isPresent());
        assertTrue(get("mid").isPresent());
        assertTrue(get("new").isPresent());
    }

    @Test
    void whenFullOfLiveEntriesEvictsTheOneNearestItsExpiry() {
        put("long", 1, 10_000);
        put("nearest", 2, 1_000);
        put("mid", 3, 5_000);
        put("new", 4, 10_000);
        assertEquals(3, store.size());
        assertEquals(Optional.empty(), get("nearest"));
        assertTrue(get("long").isPresent());
        assertTrue(get("mid").isPresent());
        assertTrue(get("new").isPresent());
    }

    @Test
    void replacingAnEntryWhenFullEvictsNothing() {
        put("a", 1, 1_000);
        put("b", 2, 2_000);
        put("c", 3, 3_000);
        put("b", 9, 2_000);
        assertEquals(3, store.size());
        assertTrue(get("a").isPresent());
    }

    @Test
    void aRenewedEntryIsEvictedByItsNewExpiryNotItsOldOne() {
        put("a", 1, 1_000);
        put("b", 2, 5_000);
        put("c", 3, 10_000);
        put("a", 1, 20_000);
        put("d", 4, 10_000);
        assertEquals(Optional.empty(), get("b"));
        assertTrue(get("a").isPresent());
        now.addAndGet(1_000);
        assertTrue(get("a").isPresent(), "the old expiry no longer applies");
    }

    @Test
    void anEntryRemovedAndStoredAgainLivesByItsNewExpiry() {
        put("a", 1, 1_000);
        store.remove("a");
        put("a", 2, 5_000);
        now.addAndGet(2_000);
        put("b", 3, 1_000);
        assertArrayEquals(new byte[] {2}, get("a").orElseThrow());
        assertEquals(2, store.size());
    }

    @Test
    void renewalsAndRemovalsDoNotGrowTheExpiryOrder() {
        MemoryMappingStore renewed = new MemoryMappingStore(1_000, now::get);
        for (int i = 0; i < 100_000; i++) {
            String id = "id" + (i % 50);
            renewed.put(id, new byte[] {1}, Duration.ofSeconds(30));
            if (i % 7 == 0) {
                renewed.remove("id" + (i % 13));
            }
            now.incrementAndGet();
        }
        assertTrue(renewed.size() <= 50);
        assertTrue(renewed.heapSize() <= 2 * renewed.size() + 17, "heap: " + renewed.heapSize());
    }

    @Test
    void keepsItsOwnCopyOfValues() {
        byte[] value = {1, 2};
        store.put("a", value, Duration.ofSeconds(1));
        value[0] = 9;
        byte[] read = get("a").orElseThrow();
        read[1] = 9;
        assertArrayEquals(new byte[] {1, 2}, get("a").orElseThrow());
    }

    @Test
    void refusesABadBoundAndTtl() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryMappingStore(0, now::get));
        assertThrows(IllegalArgumentException.class, () -> store.put("a", new byte[0], Duration.ZERO));
    }

    @Test
    void staysBoundedUnderConcurrentPuts() throws Exception {
        MemoryMappingStore shared = new MemoryMappingStore(500, System::currentTimeMillis);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        String id = thread + "-" + i;
                        shared.put(id, new byte[] {(byte) i}, Duration.ofSeconds(60));
                        shared.get(id);
                        if (i % 3 == 0) {
                            shared.remove(id);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(shared.size() <= 500, "size " + shared.size());
    }
}

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
    void aRenewalToAnEarlierExpiryEndsTheEntryThen() {
        put("a", 1, 10_000);
        put("a", 2, 1_000);
        now.addAndGet(1_000);
        assertEquals(0, store.size(), "swept at the earlier expiry, not kept to the first one");
        assertEquals(Optional.empty(), get("a"));
    }

    @Test
    void aRenewedEntryOutlivesItsFirstExpiryAndThenGoes() {
        put("a", 1, 1_000);
        put("a", 2, 5_000);
        now.addAndGet(2_000);
        assertEquals(1, store.size(), "its first expiry passed: kept by the renewal");
        assertArrayEquals(new byte[] {2}, get("a").orElseThrow());
        now.addAndGet(3_000);
        assertEquals(0, store.size());
    }

    /**
     * Random puts, renewals to later and earlier expiries, removals, reads and clock steps, each
     * checked against a plain model of the rules: an entry lives until its latest put's expiry,
     * and a store that is full drops the expired entries, then the live one first to expire (the
     * one stored first among those expiring together).
     */
    @Test
    void behavesAsItsRulesSayUnderRandomOperations() {
        for (long seed = 1; seed <= 40; seed++) {
            java.util.Random random = new java.util.Random(seed);
            int bound = 1 + random.nextInt(12);
            MemoryMappingStore checked = new MemoryMappingStore(bound, now::get);
            java.util.Map<String, long[]> model = new java.util.HashMap<>(); // id -> {expiresAt, sequence, value}
            long sequence = 0;
            for (int step = 0; step < 3_000; step++) {
                String id = "id" + random.nextInt(20);
                int op = random.nextInt(10);
                long t = now.get();
                model.values().removeIf(e -> e[0] <= t);
                if (op < 5) {
                    long ttl = 1 + random.nextInt(random.nextBoolean() ? 50 : 2_000);
                    int value = random.nextInt(100);
                    if (!model.containsKey(id) && model.size() >= bound) {
                        String first = null;
                        for (var e : model.entrySet()) {
                            long[] v = e.getValue();
                            long[] f = first == null ? null : model.get(first);
                            if (f == null || v[0] < f[0] || (v[0] == f[0] && v[1] < f[1])) {
                                first = e.getKey();
                            }
                        }
                        model.remove(first);
                    }
                    model.put(id, new long[] {t + ttl, sequence++, value});
                    checked.put(id, new byte[] {(byte) value}, Duration.ofMillis(ttl));
                } else if (op < 6) {
                    model.remove(id);
                    checked.remove(id);
                } else if (op < 9) {
                    long[] expected = model.get(id);
                    Optional<byte[]> read = checked.get(id).toCompletableFuture().join();
                    assertEquals(expected == null ? Optional.empty() : Optional.of((int) expected[2]),
                            read.map(b -> (int) b[0]), "seed " + seed + " step " + step + " " + id);
                } else {
                    now.addAndGet(random.nextInt(60));
                }
                if (step % 100 == 0) {
                    long t2 = now.get();
                    model.values().removeIf(e -> e[0] <= t2);
                    assertEquals(model.size(), checked.size(), "seed " + seed + " step " + step);
                    assertTrue(checked.heapSize() <= 2 * bound + 17, "heap " + checked.heapSize());
                }
            }
        }
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

package org.sbc.policies;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bucket4j token buckets, one per rule and key, in a table bounded by {@link #maxKeys()}. When
 * the table is full the least recently used bucket is dropped: spoofed UDP sources can churn the
 * table, which at worst gives a real key a fresh (full) bucket, never unbounded memory.
 * Thread-safe; the lock is held only for the table lookup.
 */
public final class BucketRateLimiter implements RateLimiter {

    /** Enough for every source of a busy edge; about 300 bytes per bucket, so some 30 MB at most. */
    public static final int DEFAULT_MAX_KEYS = 100_000;

    private final int maxKeys;
    private final Map<String, Bucket> buckets;

    private BucketRateLimiter(int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys: " + maxKeys + " (expected: > 0)");
        }
        this.maxKeys = maxKeys;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > BucketRateLimiter.this.maxKeys;
            }
        };
    }

    public static BucketRateLimiter of() {
        return new BucketRateLimiter(DEFAULT_MAX_KEYS);
    }

    public static BucketRateLimiter of(int maxKeys) {
        return new BucketRateLimiter(maxKeys);
    }

    public int maxKeys() {
        return maxKeys;
    }

    /** How many buckets the table holds now. */
    public synchronized int size() {
        return buckets.size();
    }

    @Override
    public boolean tryAcquire(String ruleId, RateLimit limit, String key) {
        // The rule id and a separator that cannot occur in it keep two rules' buckets apart.
        String tableKey = ruleId + '\u0000' + key;
        Bucket bucket;
        synchronized (this) {
            bucket = buckets.computeIfAbsent(tableKey, k -> newBucket(limit));
        }
        return bucket.tryConsume(1);
    }

    private static Bucket newBucket(RateLimit limit) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(limit.permits(), limit.period())
                        .build())
                .build();
    }
}

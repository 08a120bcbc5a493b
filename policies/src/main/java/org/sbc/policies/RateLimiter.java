package org.sbc.policies;

/**
 * The buckets behind {@code rate_limit} rules. One interface so a cluster can share buckets
 * later; {@link BucketRateLimiter} keeps them in memory.
 */
public interface RateLimiter {

    /** Takes one permit for {@code key} under {@code ruleId}'s limit; false when over it. */
    boolean tryAcquire(String ruleId, RateLimit limit, String key);
}

package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;
import org.sbc.core.config.yaml.Ranges;

/**
 * Where the ban table is shared: {@code security.ban.store} and {@code security.ban.redis}.
 *
 * @param kind {@code memory}: this node only (with its state file); {@code redis}: every node
 *     that names the same Redis sees every ban within a second
 * @param redis {@code redis://HOST:PORT[/DB]}, or {@code rediss://} for TLS; required with
 *     {@code redis}, refused with {@code memory}
 * @param reconcileSeconds how often a node compares its table with Redis: the bound on how long
 *     a missed pub/sub message (a node that was cut off) can leave the tables apart
 */
public record BanStoreConfig(Kind kind, Optional<URI> redis, int reconcileSeconds) {

    public static final BanStoreConfig DEFAULT = new BanStoreConfig(Kind.MEMORY, Optional.empty(), 5);

    public enum Kind {
        MEMORY, REDIS;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public BanStoreConfig {
        requireNonNull(kind, "kind");
        requireNonNull(redis, "redis");
        Ranges.checkRange("reconcile_seconds", reconcileSeconds, 1, 3_600);
        if (kind == Kind.REDIS && redis.isEmpty()) {
            throw new IllegalArgumentException("store: redis without a redis URL (expected: security.ban.redis: redis://HOST:PORT)");
        }
        if (kind == Kind.MEMORY && redis.isPresent()) {
            throw new IllegalArgumentException("redis: set while store is memory (expected: store: redis, or no redis key)");
        }
    }
}

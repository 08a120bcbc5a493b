package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.sbc.feeds.AddressSet;

/**
 * The copy of a feed in force: immutable, published by one reference swap, read by lookups
 * without a lock.
 *
 * @param set         the addresses
 * @param confirmedAt when its source last confirmed it (downloaded, 304, file unchanged);
 *                    {@link Instant#MIN} for the empty snapshot before any copy
 */
public record FeedSnapshot(AddressSet set, Instant confirmedAt) {

    public static final FeedSnapshot EMPTY = new FeedSnapshot(AddressSet.empty(), Instant.MIN);

    public FeedSnapshot {
        requireNonNull(set, "set");
        requireNonNull(confirmedAt, "confirmedAt");
    }

    public int entries() {
        return set.entries();
    }
}

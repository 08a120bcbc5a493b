package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import org.sbc.feeds.feed.FeedDefinition;

/**
 * The {@code security.feeds:} list and where its downloads are kept.
 *
 * @param feeds each feed as configured, in configuration order (the order of hits in a report)
 * @param cacheFolder {@code security.feed_cache}: the last good copy of every https feed, so
 *     that the SBC starts with its feeds when the network is down; relative to the working
 *     directory, like the ban state file
 */
public record FeedsConfig(List<FeedDefinition> feeds, Path cacheFolder) {

    public static final FeedsConfig DEFAULT = new FeedsConfig(List.of(), Path.of("var", "feeds"));

    public FeedsConfig {
        feeds = List.copyOf(feeds);
        requireNonNull(cacheFolder, "cacheFolder");
    }

    public boolean isEmpty() {
        return feeds.isEmpty();
    }
}

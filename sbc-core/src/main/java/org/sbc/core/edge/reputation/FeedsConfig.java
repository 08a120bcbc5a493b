package org.sbc.core.edge.reputation;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sbc.feeds.feed.FeedDefinition;

/**
 * The {@code security.feeds:} list and where its downloads are kept.
 *
 * @param feeds each feed as configured, in configuration order (the order of hits in a report)
 * @param cacheFolder {@code security.feed_cache}: the last good copy of every https feed, so
 *     that the SBC starts with its feeds when the network is down; relative to the working
 *     directory, like the ban state file
 * @param caFile {@code security.feed_ca_file}: PEM certificates that https feeds are verified
 *     against instead of the JDK's trust store (a private mirror); relative to the config file
 * @param monitored the names of the feeds in {@code mode: monitor}: their hits are counted and
 *     labelled but block nothing, so that a new list can be watched before it is trusted
 */
public record FeedsConfig(List<FeedDefinition> feeds, Path cacheFolder, Optional<Path> caFile, Set<String> monitored) {

    public static final FeedsConfig DEFAULT =
            new FeedsConfig(List.of(), Path.of("var", "feeds"), Optional.empty(), Set.of());

    public FeedsConfig {
        feeds = List.copyOf(feeds);
        requireNonNull(cacheFolder, "cacheFolder");
        requireNonNull(caFile, "caFile");
        monitored = Set.copyOf(monitored);
    }

    public boolean isEmpty() {
        return feeds.isEmpty();
    }

    public FeedsConfig withCacheFolder(Path cacheFolder) {
        return new FeedsConfig(feeds, cacheFolder, caFile, monitored);
    }
}

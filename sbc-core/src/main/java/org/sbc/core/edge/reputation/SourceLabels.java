package org.sbc.core.edge.reputation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.sbc.feeds.feed.FeedHit;
import org.sbc.feeds.geoip.GeoLabel;

/**
 * What the SBC knows about a source before it reads a byte from it: the feeds that list it and
 * its country and AS. Later steps (policies: {@code country}, {@code asn}, {@code label.feed}, {@code label.feed_weight}) read
 * this through {@link Reputation#labels}.
 *
 * @param feeds every feed that lists the source, in configuration order
 * @param geo country and AS; {@link GeoLabel#UNKNOWN} without databases
 */
public record SourceLabels(List<FeedHit> feeds, GeoLabel geo) {

    public static final SourceLabels NONE = new SourceLabels(List.of(), GeoLabel.UNKNOWN);

    public SourceLabels {
        feeds = List.copyOf(feeds);
        requireNonNull(geo, "geo");
    }

    public boolean isListed() {
        return !feeds.isEmpty();
    }

    /** The weights of every feed that lists the source, added up (at most 64 feeds of 100 each). */
    public int feedWeight() {
        int sum = 0;
        for (FeedHit hit : feeds) {
            sum += hit.weight();
        }
        return sum;
    }
}

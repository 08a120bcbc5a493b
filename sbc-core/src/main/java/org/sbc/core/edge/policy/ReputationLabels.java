package org.sbc.core.edge.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sbc.core.edge.reputation.Reputation;
import org.sbc.core.edge.reputation.SourceLabels;
import org.sbc.feeds.feed.FeedHit;

/**
 * The threat feeds' and GeoIP's view of a source as policy labels: {@code label.country} (ISO
 * 3166 code), {@code label.asn} (the AS number as text), {@code label.feed} (the names of the
 * feeds that list it) and {@code label.feed_weight} (the sum of their weights, as text: the
 * evidence a {@code range} condition adds up, e.g. two lists of weight 40 outweigh one of 60).
 */
public final class ReputationLabels implements SourceFacts.Labels {

    private final Reputation reputation;

    public ReputationLabels(Reputation reputation) {
        this.reputation = reputation;
    }

    @Override
    public Map<String, List<String>> of(java.net.InetAddress source) {
        SourceLabels labels = reputation.labels(source);
        if (labels == SourceLabels.NONE) {
            return Map.of();
        }
        Map<String, List<String>> out = new HashMap<>(4);
        if (labels.geo().hasCountry()) {
            out.put("country", List.of(labels.geo().country()));
        }
        if (labels.geo().hasAsn()) {
            out.put("asn", List.of(Long.toString(labels.geo().asn())));
        }
        if (labels.isListed()) {
            out.put("feed", labels.feeds().stream().map(FeedHit::feed).toList());
            out.put("feed_weight", List.of(Integer.toString(labels.feedWeight())));
        }
        return out;
    }
}

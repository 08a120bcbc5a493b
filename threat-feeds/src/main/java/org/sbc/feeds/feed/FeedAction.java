package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What the SBC does with a source that a feed lists. The feed only carries the choice; the edge
 * step that consults the feeds (not wired yet) enforces it, after trusted sources, the allow
 * list and explicit bans (docs/security.md, "Threat feeds and GeoIP").
 */
public sealed interface FeedAction {

    /** The longest ban a feed may ask for: longer would outlive most feeds' own TTLs. */
    Duration MAX_BAN = Duration.ofDays(365);

    /** Release the packet unread, answer nothing. */
    record Drop() implements FeedAction {}

    /** Answer with a final error (403 for SIP), then forget the source. */
    record Reject() implements FeedAction {}

    /** Put the source in the ban table for {@code duration}, so later packets die at the ban gate. */
    record Ban(Duration duration) implements FeedAction {
        public Ban {
            requireNonNull(duration, "duration");
            if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(MAX_BAN) > 0) {
                throw new IllegalArgumentException(
                        "ban: " + duration.toSeconds() + "s (expected: 1.." + MAX_BAN.toSeconds() + " seconds)");
            }
        }
    }

    /** Only label the source with the feed's name and weight; policies decide. */
    record Label() implements FeedAction {}

    static FeedAction drop() {
        return new Drop();
    }

    static FeedAction reject() {
        return new Reject();
    }

    static FeedAction ban(Duration duration) {
        return new Ban(duration);
    }

    static FeedAction label() {
        return new Label();
    }

    /** The config spelling: {@code drop}, {@code reject}, {@code ban}, {@code label}. */
    default String key() {
        // Java 17 has no pattern switch over sealed types (preview only): an instanceof chain
        if (this instanceof Drop) {
            return "drop";
        }
        if (this instanceof Reject) {
            return "reject";
        }
        return this instanceof Ban ? "ban" : "label";
    }
}

package org.sbc.feeds.feed;

/** A source listed by a feed: which feed, what it asks for, and how much it weighs. */
public record FeedHit(String feed, FeedAction action, int weight) {}

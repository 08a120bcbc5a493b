package org.sbc.core.edge.reputation;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.Bans;
import org.sbc.core.edge.ban.Evidence;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.feeds.IpPrefix;
import org.sbc.feeds.feed.FeedAction;
import org.sbc.feeds.feed.FeedHit;
import org.sbc.feeds.feed.Feeds;
import org.sbc.feeds.geoip.GeoIpLabeller;
import org.sbc.feeds.geoip.GeoLabel;

/**
 * The one place the precedence of docs/security.md is applied to a source, before any byte of
 * it is parsed: <b>trusted &gt; allow-list &gt; explicit ban &gt; feeds &gt; GeoIP</b>. The ban
 * gate asks {@link #judge} for every datagram and every new connection and only carries out the
 * answer; no other step ranks these five against each other.
 *
 * <p>Without feeds and GeoIP this is exactly the ban table's own check (one hash probe), so an
 * SBC that configures neither pays nothing for them.
 */
public final class Reputation {

    /** What the gate does with a source. */
    public enum Decision {
        /** Passes on to the flood guard and the parser. */
        PASS,
        /** An explicit ban: dropped, counted by the ban gate's counters. */
        BANNED,
        /** Listed by a feed whose action is drop: dropped unread. */
        FEED_DROP,
        /**
         * Listed by a feed whose action is reject (and by none that drops or bans): passed on,
         * so that {@link FeedRejectStep} can answer its requests 403 once they are parsed.
         */
        FEED_REJECT,
        /** Listed by a feed whose action is ban: now banned, and this packet dropped. */
        FEED_BAN,
        /** Its country is refused by {@code security.geoip}: dropped unread. */
        GEO_DROP
    }

    private final BanTable bans;
    private final Exemptions exemptions;
    private final Optional<Feeds> feeds;
    private final Optional<GeoIpLabeller> geoip;
    private final GeoIpConfig geoConfig;
    /** Feeds in mode monitor: counted, never blocking. */
    private final Set<String> monitored;
    private final boolean blocksCountries;
    private final ExemptListings exemptListings;
    private final Counters counters;
    private final InstantSource clock;

    public Reputation(BanTable bans, Optional<Feeds> feeds, Set<String> monitored, Optional<GeoIpLabeller> geoip,
            GeoIpConfig geoConfig, SecurityEventSink events, Counters counters, InstantSource clock) {
        this.monitored = Set.copyOf(monitored);
        this.bans = requireNonNull(bans, "bans");
        this.exemptions = bans.exemptions();
        this.feeds = requireNonNull(feeds, "feeds");
        this.geoip = requireNonNull(geoip, "geoip");
        this.geoConfig = requireNonNull(geoConfig, "geoConfig");
        this.blocksCountries = geoip.isPresent()
                && (!geoConfig.allowCountries().isEmpty() || !geoConfig.denyCountries().isEmpty());
        this.counters = requireNonNull(counters, "counters");
        this.clock = requireNonNull(clock, "clock");
        this.exemptListings = new ExemptListings(events, counters, clock);
    }

    /** The ban table alone: what an SBC without feeds and GeoIP runs. */
    public static Reputation bansOnly(BanTable bans, Counters counters) {
        return new Reputation(bans, Optional.empty(), Set.of(), Optional.empty(), GeoIpConfig.DEFAULT, SecurityEventSink.NONE,
                counters, Instant::now);
    }

    public BanTable bans() {
        return bans;
    }

    /** The precedence, in order; called on an event loop, so it never blocks. */
    public Decision judge(InetAddress address) {
        if (feeds.isEmpty() && !blocksCountries) {
            return bans.refuses(address) ? Decision.BANNED : Decision.PASS;
        }
        // 1, 2: trusted and allowed sources pass whatever a list says; a listing is reported
        Optional<Exemptions.Kind> exempt = exemptions.isEmpty() ? Optional.empty() : exemptions.of(address);
        if (exempt.isPresent()) {
            List<FeedHit> hits = feedHits(address);
            if (!hits.isEmpty()) {
                exemptListings.seen(address, exempt.get(), hits);
            }
            return Decision.PASS;
        }
        // 3: an explicit ban
        if (bans.refuses(address)) {
            return Decision.BANNED;
        }
        // 4: the feeds; the strongest action of all that list the source wins:
        //    drop > ban > reject > label
        Decision byFeeds = byFeeds(address, feedHits(address));
        if (byFeeds != Decision.PASS) {
            return byFeeds;
        }
        // 5: the country shortcut
        if (blocksCountries && geoConfig.blocks(geoip.get().label(address).country())) {
            if (!geoConfig.mode().enforces()) {
                counters.increment(Counter.GEOIP_MONITORED);
                return Decision.PASS;
            }
            counters.increment(Counter.GEOIP_DROPPED);
            return Decision.GEO_DROP;
        }
        return Decision.PASS;
    }

    /**
     * True when {@link #judge} passed {@code address} only to have it answered 403: listed by a
     * reject feed, by no drop or ban feed, and not exempt. Counts nothing and bans nothing; the
     * ranking is the one of {@link #judge}.
     */
    public boolean rejects(InetAddress address) {
        if (feeds.isEmpty() || (!exemptions.isEmpty() && exemptions.of(address).isPresent())) {
            return false;
        }
        boolean rejecting = false;
        for (FeedHit hit : feedHits(address)) {
            if (monitored.contains(hit.feed()) || hit.action() instanceof FeedAction.Label) {
                continue;
            }
            if (!(hit.action() instanceof FeedAction.Reject)) {
                return false; // a drop or ban feed outranks it (and the gate did that already)
            }
            rejecting = true;
        }
        return rejecting;
    }

    /** The labels later steps (policies) read: feed listings, country and AS. */
    public SourceLabels labels(InetAddress address) {
        List<FeedHit> hits = feedHits(address);
        GeoLabel geo = geoip.map(labeller -> labeller.label(address)).orElse(GeoLabel.UNKNOWN);
        return hits.isEmpty() && geo == GeoLabel.UNKNOWN ? SourceLabels.NONE : new SourceLabels(hits, geo);
    }

    private List<FeedHit> feedHits(InetAddress address) {
        return feeds.map(f -> f.lookup(address)).orElse(List.of());
    }

    private Decision byFeeds(InetAddress address, List<FeedHit> hits) {
        if (hits.isEmpty()) {
            return Decision.PASS;
        }
        FeedHit banning = null;
        boolean monitoredBlock = false;
        boolean rejecting = false;
        for (FeedHit hit : hits) {
            FeedAction action = hit.action();
            if (monitored.contains(hit.feed())) {
                monitoredBlock |= !(action instanceof FeedAction.Label);
                continue;
            }
            if (action instanceof FeedAction.Drop) {
                counters.increment(Counter.FEED_DROPPED);
                return Decision.FEED_DROP;
            }
            if (action instanceof FeedAction.Ban && banning == null) {
                banning = hit;
            }
            rejecting |= action instanceof FeedAction.Reject;
        }
        if (banning != null) {
            Duration length = ((FeedAction.Ban) banning.action()).duration();
            long now = clock.millis();
            Evidence evidence = new Evidence("reputation", "listed by feed " + banning.feed(), Map.of(),
                    Instant.ofEpochMilli(now), Instant.ofEpochMilli(now));
            Bans.Outcome outcome = bans.banFor(IpPrefix.of(address), length, BanReason.FEED, evidence,
                    Optional.of("feed " + banning.feed()));
            counters.increment(Counter.FEED_BANNED);
            if (outcome == Bans.Outcome.BANNED) {
                return Decision.FEED_BAN;
            }
        }
        if (rejecting) {
            return Decision.FEED_REJECT;
        }
        counters.increment(monitoredBlock ? Counter.FEED_MONITORED : Counter.FEED_LABELLED);
        return Decision.PASS;
    }
}

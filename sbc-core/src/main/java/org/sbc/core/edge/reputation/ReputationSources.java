package org.sbc.core.edge.reputation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sbc.core.config.SecurityConfig;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.tls.PemFiles;
import org.sbc.feeds.feed.Feed;
import org.sbc.feeds.feed.FeedDefinition;
import org.sbc.feeds.feed.FeedFetcher;
import org.sbc.feeds.feed.FeedListener;
import org.sbc.feeds.feed.FeedSource;
import org.sbc.feeds.feed.Feeds;
import org.sbc.feeds.feed.LastGoodStore;
import org.sbc.feeds.geoip.GeoIpLabeller;

/**
 * What the reputation gate reads, started and stopped with the server: the feeds (their own
 * refresh thread) and the GeoIP databases (checked for a new file every
 * {@link #GEOIP_CHECK} on a thread of their own). Neither ever runs on an event loop.
 */
public final class ReputationSources implements AutoCloseable {

    /** A database changes weekly at most; a stat a minute notices it soon enough. */
    static final Duration GEOIP_CHECK = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(ReputationSources.class.getName());

    private final Optional<Feeds> feeds;
    private final Optional<GeoIpLabeller> geoip;
    private final Optional<ScheduledExecutorService> geoipReloads;
    private final Reputation reputation;

    private ReputationSources(Optional<Feeds> feeds, Optional<GeoIpLabeller> geoip,
            Optional<ScheduledExecutorService> geoipReloads, Reputation reputation) {
        this.feeds = feeds;
        this.geoip = geoip;
        this.geoipReloads = geoipReloads;
        this.reputation = reputation;
    }

    /**
     * Opens the GeoIP databases (a configured one that cannot be opened stops the start), reads
     * every {@code file:} feed and puts every https feed's last good copy in force (no network),
     * then starts the refreshes.
     *
     * @throws UncheckedIOException when a configured GeoIP database cannot be opened
     */
    public static ReputationSources start(SecurityConfig security, BanTable bans, SecurityEventSink events,
            Counters counters, Clock clock) {
        return start(security, bans, events, counters, clock, GEOIP_CHECK);
    }

    /** As above, checking the GeoIP files for a change every {@code geoipCheck} (tests: less than a minute). */
    static ReputationSources start(SecurityConfig security, BanTable bans, SecurityEventSink events,
            Counters counters, Clock clock, Duration geoipCheck) {
        Optional<GeoIpLabeller> geoip = openGeoIp(security);
        Optional<Feeds> feeds = Optional.empty();
        if (!security.feeds().isEmpty()) {
            feeds = Optional.of(readFeeds(security, new FeedEvents(events, counters, clock), clock));
            feeds.get().start();
        }
        Optional<ScheduledExecutorService> reloads = geoip.map(labeller -> {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "sbc-geoip-reload");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(() -> reload(labeller, counters), geoipCheck.toMillis(),
                    geoipCheck.toMillis(), TimeUnit.MILLISECONDS);
            return scheduler;
        });
        Reputation reputation = new Reputation(bans, feeds, security.feeds().monitored(), geoip, security.geoip(),
                events, counters, clock);
        return new ReputationSources(feeds, geoip, reloads, reputation);
    }

    /**
     * The labels and the precedence as a starting SBC has them, without its threads or the
     * network: for {@code sbc policy test}. The GeoIP databases are opened, every {@code file:}
     * feed is read and every https feed's last good copy put in force (a feed without one lists
     * nothing). Nothing is refreshed, nothing reloaded; {@link #close()} still frees the feeds.
     *
     * @throws UncheckedIOException when a configured GeoIP database cannot be opened
     */
    public static ReputationSources offline(SecurityConfig security, BanTable bans) {
        Optional<GeoIpLabeller> geoip = openGeoIp(security);
        Optional<Feeds> feeds = security.feeds().isEmpty() ? Optional.empty()
                : Optional.of(readFeeds(security, report -> {}, Clock.systemUTC()));
        feeds.ifPresent(all -> all.feeds().forEach(Feed::loadLastGood));
        Counters counters = new Counters();
        Reputation reputation = new Reputation(bans, feeds, security.feeds().monitored(), geoip, security.geoip(),
                SecurityEventSink.NONE, counters, Clock.systemUTC());
        return new ReputationSources(feeds, geoip, Optional.empty(), reputation);
    }

    private static Optional<GeoIpLabeller> openGeoIp(SecurityConfig security) {
        if (!security.geoip().isEnabled()) {
            return Optional.empty();
        }
        try {
            return Optional.of(GeoIpLabeller.open(security.geoip().countryDatabase(), security.geoip().asnDatabase()));
        } catch (IOException e) {
            throw new UncheckedIOException("security.geoip: cannot open the database: " + e.getMessage(), e);
        }
    }

    /**
     * Every configured feed, its {@code file:} feeds already read (a stat and a read, no network:
     * the first datagram of a source a local file lists already meets it); https feeds are
     * neither fetched nor loaded here.
     */
    private static Feeds readFeeds(SecurityConfig security, FeedListener listener, Clock clock) {
        HttpClient client = httpClient(security.feeds().caFile());
        LastGoodStore store = new LastGoodStore(security.feeds().cacheFolder());
        List<Feed> list = new ArrayList<>();
        for (FeedDefinition definition : security.feeds().feeds()) {
            // a file: feed's own file is its last good copy
            Optional<LastGoodStore> copies = definition.source() instanceof FeedSource.FileSource
                    ? Optional.empty() : Optional.of(store);
            list.add(new Feed(definition, FeedFetcher.of(definition, client), copies, listener, clock));
        }
        Feeds feeds = Feeds.of(list);
        for (Feed feed : list) {
            if (feed.definition().source() instanceof FeedSource.FileSource) {
                feed.refresh();
            }
        }
        return feeds;
    }

    /**
     * The JDK's trust store, or only the configured CA file's certificates (host names are
     * checked either way). Redirects as threat-feeds' own client: only where they stay https.
     */
    private static HttpClient httpClient(Optional<Path> caFile) {
        if (caFile.isEmpty()) {
            return FeedFetcher.defaultClient(CONNECT_TIMEOUT);
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(PemFiles.trustStore(caFile.get()));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(context).connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        } catch (IOException e) {
            throw new UncheckedIOException("security.feed_ca_file: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("security.feed_ca_file: " + e.getMessage(), e);
        }
    }

    private static void reload(GeoIpLabeller labeller, Counters counters) {
        for (GeoIpLabeller.Reload reload : labeller.reloadIfChanged()) {
            if (reload.outcome() == GeoIpLabeller.Reload.Outcome.RELOADED) {
                counters.increment(Counter.GEOIP_RELOADS);
                LOG.log(System.Logger.Level.INFO, "geoip: reloaded " + reload.path());
            } else if (reload.outcome() == GeoIpLabeller.Reload.Outcome.FAILED) {
                LOG.log(System.Logger.Level.WARNING, "geoip: " + reload.path() + " changed but cannot be opened, the"
                        + " previous database stays: " + reload.detail());
            }
        }
    }

    /** The precedence and the labels, for the gate and for later steps. */
    public Reputation reputation() {
        return reputation;
    }

    public Optional<Feeds> feeds() {
        return feeds;
    }

    public Optional<GeoIpLabeller> geoip() {
        return geoip;
    }

    @Override
    public void close() {
        feeds.ifPresent(Feeds::close);
        geoipReloads.ifPresent(ScheduledExecutorService::shutdownNow);
    }
}

package org.sbc.core.edge;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelPipeline;
import java.time.InstantSource;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.ban.BanGate;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.ConnectionRegistry;
import org.sbc.core.edge.flood.FloodGuard;
import org.sbc.core.edge.flood.GlobalFloodView;
import org.sbc.core.edge.reputation.Reputation;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counters;

/**
 * The steps that judge a source before its bytes are parsed: the ban gate (bans, feeds and
 * GeoIP, in the order {@link Reputation} applies), then the flood guard (docs/security.md has
 * the order). One instance per server; both handlers are sharable.
 */
public final class SourceGates {

    private final ConnectionRegistry connections;
    private final BanGate banGate;
    private final FloodGuard floodGuard;
    private final GlobalFloodView globalFlood;

    public SourceGates(SbcConfig config, BanTable bans, SecurityEventSink events, Counters counters, InstantSource clock) {
        this(config, Reputation.bansOnly(bans, counters), events, counters, clock);
    }

    /** @param reputation the precedence the ban gate applies: bans, and feeds and GeoIP when configured */
    public SourceGates(SbcConfig config, Reputation reputation, SecurityEventSink events, Counters counters,
            InstantSource clock) {
        BanTable bans = requireNonNull(reputation, "reputation").bans();
        this.connections = new ConnectionRegistry(counters);
        this.banGate = new BanGate(reputation, connections, counters);
        this.globalFlood = new GlobalFloodView(config.security().flood(),
                address -> countryOf(reputation, address), events, counters, clock);
        this.floodGuard = new FloodGuard(config.security().flood(), bans, bans.exemptions(), events, counters, clock,
                globalFlood);
        bans.whenEnforced(connections::closeAll);
    }

    /** UDP: first of all, before the framer reads a byte. */
    public void addDatagramGates(ChannelPipeline pipeline) {
        pipeline.addLast("ban-gate", banGate).addLast("flood-guard", floodGuard);
    }

    /** TCP: first of all, so a banned source's connection closes before the limiter counts it. */
    public void addConnectionGate(ChannelPipeline pipeline) {
        pipeline.addLast("ban-gate", banGate);
    }

    /** TCP: after the stream framer, counting framed messages. */
    public void addFrameCounter(ChannelPipeline pipeline) {
        pipeline.addLast("flood-guard", floodGuard);
    }

    private static java.util.Optional<String> countryOf(Reputation reputation, java.net.InetAddress address) {
        var geo = reputation.labels(address).geo();
        return geo.hasCountry() ? java.util.Optional.of(geo.country()) : java.util.Optional.empty();
    }

    /** All untrusted sources together: whether a distributed flood is under way. */
    public GlobalFloodView globalFlood() {
        return globalFlood;
    }

    public ConnectionRegistry connections() {
        return connections;
    }
}

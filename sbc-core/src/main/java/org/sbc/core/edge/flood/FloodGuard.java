package org.sbc.core.edge.flood;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.edge.ban.Bans;
import org.sbc.core.edge.ban.Evidence;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.Transport;

/**
 * Pike-style flood detection before parsing: counts messages per source address and per
 * enclosing prefix (/24 and /16, /64 and /48) in a sliding sampling window. Over a density, it
 * reports a FLOOD event and bans the address or prefix through {@link Bans}, once per window;
 * the message that crossed the line and any that follow before the ban gate sees the ban are
 * dropped, never answered, so a flood earns no 4xx amplification.
 *
 * <p>On UDP it follows the ban gate and reads datagrams; on TCP it follows the stream framer
 * and reads frames (a connection's bytes are not messages until framed). Trusted and allowed
 * sources are not counted. When a table is full it fails open (see {@link FloodConfig}).
 */
@Sharable
public final class FloodGuard extends ChannelInboundHandlerAdapter {

    static final String STEP = "flood-guard";

    private final FloodConfig config;
    private final Bans bans;
    private final Exemptions exemptions;
    private final SecurityEventSink events;
    private final Counters counters;
    private final InstantSource clock;
    private final List<FloodRule> ipv4Rules;
    private final List<FloodRule> ipv6Rules;
    private final GlobalFloodView global;

    public FloodGuard(FloodConfig config, Bans bans, Exemptions exemptions, SecurityEventSink events,
            Counters counters, InstantSource clock) {
        this(config, bans, exemptions, events, counters, clock,
                new GlobalFloodView(config, address -> Optional.empty(), events, counters, clock));
    }

    public FloodGuard(FloodConfig config, Bans bans, Exemptions exemptions, SecurityEventSink events,
            Counters counters, InstantSource clock, GlobalFloodView global) {
        this.config = requireNonNull(config, "config");
        this.bans = requireNonNull(bans, "bans");
        this.exemptions = requireNonNull(exemptions, "exemptions");
        this.events = requireNonNull(events, "events");
        this.counters = requireNonNull(counters, "counters");
        this.clock = requireNonNull(clock, "clock");
        List<List<FloodRule>> rules = FloodRule.of(config);
        this.ipv4Rules = rules.get(0);
        this.ipv6Rules = rules.get(1);
        this.global = requireNonNull(global, "global");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        InetSocketAddress source;
        Transport transport;
        if (msg instanceof DatagramPacket packet) {
            source = packet.sender();
            transport = Transport.UDP;
        } else if (msg instanceof SipFrame frame) {
            source = frame.peer().remote();
            transport = frame.peer().transport();
        } else {
            ctx.fireChannelRead(msg);
            return;
        }
        if (admits(source, transport)) {
            ctx.fireChannelRead(msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Counts one message from {@code source}; false when it must be dropped. */
    boolean admits(InetSocketAddress source, Transport transport) {
        if (source == null || source.getAddress() == null || exemptions.exempts(source.getAddress())) {
            return true;
        }
        long now = clock.millis();
        boolean over = false;
        byte[] bytes = source.getAddress().getAddress();
        global.count(source, transport, bytes, now);
        for (FloodRule rule : bytes.length == 4 ? ipv4Rules : ipv6Rules) {
            SourceKey key = SourceKey.of(bytes, rule.length());
            SlidingWindow window = rule.table().window(key, now);
            if (window == null) {
                counters.increment(Counter.FLOOD_UNTRACKED);
                continue;
            }
            long inWindow = window.add(now);
            if (inWindow > rule.density()) {
                over = true;
                if (window.claimReport()) {
                    report(rule, key, window, inWindow, source, transport, now);
                }
            }
        }
        if (!over) {
            return true;
        }
        if (config.mode().enforces()) {
            counters.increment(Counter.FLOOD_DROPPED);
            return false;
        }
        counters.increment(Counter.FLOOD_MONITORED);
        return true;
    }

    private void report(FloodRule rule, SourceKey key, SlidingWindow window, long inWindow,
            InetSocketAddress source, Transport transport, long now) {
        counters.increment(Counter.FLOODS_DETECTED);
        Map<String, Long> numbers = new LinkedHashMap<>();
        numbers.put("messages_in_window", inWindow);
        numbers.put("density", (long) rule.density());
        numbers.put("sampling_seconds", (long) config.samplingSeconds());
        Evidence evidence = new Evidence(STEP, rule.describe(config.samplingSeconds()), numbers,
                Instant.ofEpochMilli(window.firstSeen()), Instant.ofEpochMilli(now));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("target", key.toPrefix().toString());
        numbers.forEach((name, value) -> details.put("counter." + name, Long.toString(value)));
        details.put("first_seen", evidence.firstSeen().toString());
        details.put("last_seen", evidence.lastSeen().toString());
        events.emit(new SecurityEvent(Instant.ofEpochMilli(now), SecurityEventType.FLOOD, source,
                Optional.of(transport), STEP, evidence.rule(), config.mode().word(), details,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        if (config.mode().enforces()) {
            bans.ban(key.toPrefix(), BanReason.FLOOD, evidence);
        }
    }
}

package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.feeds.IpPrefix;

/**
 * The open TCP connections per source address, so that banning an address (or a network) also
 * closes what it already has open. Holds only open channels: each leaves when it closes, so the
 * registry is bounded by the connections the OS and the connection limiter let live.
 */
public final class ConnectionRegistry {

    private final Counters counters;
    private final ConcurrentHashMap<InetAddress, Set<Channel>> open = new ConcurrentHashMap<>();

    public ConnectionRegistry(Counters counters) {
        this.counters = requireNonNull(counters, "counters");
    }

    void register(Channel channel, InetAddress source) {
        // Added inside compute, so that a concurrent removal of an emptied set cannot lose it.
        open.compute(source, (k, channels) -> {
            Set<Channel> set = channels == null ? ConcurrentHashMap.newKeySet() : channels;
            set.add(channel);
            return set;
        });
        channel.closeFuture().addListener(f -> open.computeIfPresent(source, (k, channels) -> {
            channels.remove(channel);
            return channels.isEmpty() ? null : channels;
        }));
    }

    /** Closes every open connection from inside {@code target}; returns how many. */
    public int closeAll(IpPrefix target) {
        List<Channel> doomed = new ArrayList<>();
        if (BanTable.isSingleAddress(target)) {
            doomed.addAll(open.getOrDefault(target.network(), Set.of()));
        } else {
            for (Map.Entry<InetAddress, Set<Channel>> entry : open.entrySet()) {
                if (target.contains(entry.getKey())) {
                    doomed.addAll(entry.getValue());
                }
            }
        }
        for (Channel channel : doomed) {
            counters.increment(Counter.BAN_CONNECTIONS_CLOSED);
            channel.close();
        }
        return doomed.size();
    }

    public int openFrom(InetAddress source) {
        return open.getOrDefault(source, Set.of()).size();
    }
}

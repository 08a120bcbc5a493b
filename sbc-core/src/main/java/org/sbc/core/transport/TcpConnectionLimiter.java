package org.sbc.core.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Decides whether a new TCP (or TLS) connection may stay, so that no host, network or botnet can
 * hold the connection table: caps per source address, per /24 and /16 (IPv4) or /64 and /48
 * (IPv6) and in total; a deadline for the first complete SIP message; and, when the table is
 * full, room made by closing the oldest connection that has not sent a message yet, instead of
 * refusing the newcomer. A connection that has sent a message (a registered phone, a call's
 * flow) is never the one closed to make room. A source whose connections keep running out the
 * deadline is reported to {@link Hoarders}, which bans it.
 *
 * <p>The tables hold only sources and networks with open connections, so they are bounded by the
 * total cap.
 */
@Sharable
public final class TcpConnectionLimiter extends ChannelInboundHandlerAdapter {

    /** What the limiter holds for one admitted connection, so that it is released exactly once. */
    private record Slot(InetAddress source, String prefix, String widePrefix) {}

    private static final AttributeKey<Slot> SLOT = AttributeKey.valueOf("sbc.tcp.slot");
    private static final AttributeKey<ScheduledFuture<?>> DEADLINE = AttributeKey.valueOf("sbc.tcp.firstMessageDeadline");

    /** Told of a source whose connection sent no complete message in time; bans a repeat offender. */
    @FunctionalInterface
    public interface Hoarders {
        Hoarders NONE = source -> {};

        /** A connection of {@code source}'s was closed before it sent a message: at the deadline, or evicted. */
        void closedSilent(InetAddress source);
    }

    private enum Refusal { NONE, SOURCE, PREFIX, TOTAL }

    private final int perSource;
    private final int perPrefix;
    private final int perWidePrefix;
    private final int total;
    private final long firstMessageMillis;
    private final Counters counters;
    private final Hoarders hoarders;
    private final Map<Object, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicInteger openTotal = new AtomicInteger();
    /** Connections that have not sent a complete message yet, oldest first. */
    private final ConcurrentLinkedDeque<Channel> unproven = new ConcurrentLinkedDeque<>();

    public TcpConnectionLimiter(Limits limits, Counters counters) {
        this(limits, counters, Hoarders.NONE);
    }

    public TcpConnectionLimiter(Limits limits, Counters counters, Hoarders hoarders) {
        this.perSource = limits.tcpConnectionsPerSource();
        this.perPrefix = limits.tcpConnectionsPerPrefix();
        this.perWidePrefix = limits.tcpConnectionsPerWidePrefix();
        this.total = limits.tcpConnectionsTotal();
        this.firstMessageMillis = limits.tcpFirstMessageSeconds() * 1_000L;
        this.counters = counters;
        this.hoarders = hoarders;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        Slot slot = new Slot(source, prefix(source, false), prefix(source, true));
        Refusal refusal = tryAcquire(slot);
        if (refusal == Refusal.TOTAL && evictOldestUnproven(ctx.channel())) {
            refusal = tryAcquire(slot);
        }
        if (refusal != Refusal.NONE) {
            counters.increment(refusal == Refusal.TOTAL ? Counter.TCP_CONNECTIONS_REFUSED
                    : refusal == Refusal.PREFIX ? Counter.TCP_CONNECTIONS_REFUSED_PER_PREFIX : Counter.TCP_CONNECTIONS_REFUSED);
            ctx.close();
            return;
        }
        Channel channel = ctx.channel();
        channel.attr(SLOT).set(slot);
        unproven.addLast(channel);
        channel.attr(DEADLINE).set(ctx.executor().schedule(() -> {
            if (unproven.remove(channel)) {
                counters.increment(Counter.TCP_FIRST_MESSAGE_TIMEOUTS);
                hoarders.closedSilent(source);
                channel.close();
            }
        }, firstMessageMillis, TimeUnit.MILLISECONDS));
        counters.increment(Counter.TCP_CONNECTIONS_ACCEPTED);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        forget(ctx.channel());
        release(ctx.channel());
        ctx.fireChannelInactive();
    }

    /** The connection sent its first complete SIP message: it keeps its place from now on. */
    public void proven(Channel channel) {
        forget(channel);
    }

    private void forget(Channel channel) {
        unproven.remove(channel);
        ScheduledFuture<?> deadline = channel.attr(DEADLINE).getAndSet(null);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    /**
     * Closes the oldest connection that has sent nothing yet, releasing its place at once (its
     * own close runs later, on its own event loop); false when every open connection has spoken.
     */
    private boolean evictOldestUnproven(Channel newcomer) {
        Channel oldest;
        while ((oldest = unproven.pollFirst()) != null) {
            if (oldest != newcomer && release(oldest)) {
                ScheduledFuture<?> deadline = oldest.attr(DEADLINE).getAndSet(null);
                if (deadline != null) {
                    deadline.cancel(false);
                }
                counters.increment(Counter.TCP_CONNECTIONS_EVICTED);
                // Evicted silent counts as timed out silent: when the table is full, eviction comes
                // before the deadline, and a hoarder that is always evicted must still be banned.
                hoarders.closedSilent(((InetSocketAddress) oldest.remoteAddress()).getAddress());
                oldest.close();
                return true;
            }
        }
        return false;
    }

    private Refusal tryAcquire(Slot slot) {
        if (openTotal.incrementAndGet() > total) {
            openTotal.decrementAndGet();
            return Refusal.TOTAL;
        }
        if (!acquire(slot.source(), perSource)) {
            openTotal.decrementAndGet();
            return Refusal.SOURCE;
        }
        if (!acquire(slot.prefix(), perPrefix)) {
            decrement(slot.source());
            openTotal.decrementAndGet();
            return Refusal.PREFIX;
        }
        if (!acquire(slot.widePrefix(), perWidePrefix)) {
            decrement(slot.prefix());
            decrement(slot.source());
            openTotal.decrementAndGet();
            return Refusal.PREFIX;
        }
        return Refusal.NONE;
    }

    private boolean acquire(Object key, int cap) {
        boolean[] admitted = {false};
        open.compute(key, (k, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            admitted[0] = c.get() < cap;
            if (admitted[0]) {
                c.incrementAndGet();
            }
            return c.get() == 0 ? null : c;
        });
        return admitted[0];
    }

    private void decrement(Object key) {
        open.computeIfPresent(key, (k, count) -> count.decrementAndGet() == 0 ? null : count);
    }

    /** Gives back a connection's place; false when it held none or already gave it back. */
    private boolean release(Channel channel) {
        Slot slot = channel.attr(SLOT).getAndSet(null);
        if (slot == null) {
            return false;
        }
        decrement(slot.source());
        decrement(slot.prefix());
        decrement(slot.widePrefix());
        openTotal.decrementAndGet();
        return true;
    }

    /** The /24 or /64 (wide: /16 or /48) of {@code address}, as a key of its own kind. */
    static String prefix(InetAddress address, boolean wide) {
        byte[] bytes = address.getAddress();
        boolean v4 = address instanceof Inet4Address;
        int length = v4 ? (wide ? 2 : 3) : (wide ? 6 : 8);
        return HexFormat.of().formatHex(bytes, 0, length) + (v4 ? (wide ? "/16" : "/24") : (wide ? "/48" : "/64"));
    }

    /** Open connections from {@code source}; for tests and the admin API. */
    public int openFrom(InetAddress source) {
        AtomicInteger count = open.get(source);
        return count == null ? 0 : count.get();
    }

    public int openTotal() {
        return openTotal.get();
    }
}

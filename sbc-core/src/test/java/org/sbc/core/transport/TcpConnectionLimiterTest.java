package org.sbc.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.FakeAddressChannel;
import org.sbc.core.testing.TestPeers;

class TcpConnectionLimiterTest {

    private static final int PER_SOURCE = 2;
    private static final int TOTAL = 3;
    private static final InetAddress A = TestPeers.ip("198.51.100.1");
    private static final InetAddress B = TestPeers.ip("198.51.100.2");
    private static final InetAddress C = TestPeers.ip("198.51.100.3");

    private final Counters counters = new Counters();
    private final TcpConnectionLimiter limiter =
            new TcpConnectionLimiter(new Limits(16_384, 100, 4_096, PER_SOURCE, TOTAL, 120, 65_536), counters);
    private final List<String> activated = new ArrayList<>();
    private int nextPort = 40000;

    /** A connection from {@code source}; a handler behind the limiter records whether it saw it. */
    private FakeAddressChannel connect(InetAddress source) {
        int port = nextPort++;
        FakeAddressChannel channel = new FakeAddressChannel(
                new java.net.InetSocketAddress(source, port), TestPeers.SBC, limiter, new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        activated.add(source.getHostAddress() + ":" + port);
                    }
                });
        channel.runPendingTasks();
        return channel;
    }

    private static void close(FakeAddressChannel channel) {
        channel.close();
        channel.runPendingTasks();
    }

    @Test
    void admitsConnectionsUpToPerSourceLimit() {
        assertTrue(connect(A).isOpen());
        assertTrue(connect(A).isOpen());

        assertEquals(PER_SOURCE, limiter.openFrom(A));
        assertEquals(2, counters.get(Counter.TCP_CONNECTIONS_ACCEPTED));
        assertEquals(List.of("198.51.100.1:40000", "198.51.100.1:40001"), activated);
    }

    @Test
    void closesConnectionOverPerSourceLimitBeforeLaterHandlersSeeIt() {
        connect(A);
        connect(A);

        FakeAddressChannel third = connect(A);

        assertFalse(third.isOpen());
        assertEquals(1, counters.get(Counter.TCP_CONNECTIONS_REFUSED));
        assertEquals(2, activated.size());
        assertEquals(PER_SOURCE, limiter.openFrom(A), "a refused connection must not release a slot it never held");
    }

    @Test
    void admitsAnotherSourceWhenOneIsAtItsLimit() {
        connect(A);
        connect(A);

        assertTrue(connect(B).isOpen());
        assertEquals(1, limiter.openFrom(B));
    }

    @Test
    void freesSlotWhenConnectionCloses() {
        FakeAddressChannel first = connect(A);
        connect(A);

        close(first);

        assertEquals(1, limiter.openFrom(A));
        assertTrue(connect(A).isOpen());
        assertEquals(0, counters.get(Counter.TCP_CONNECTIONS_REFUSED));
    }

    @Test
    void makesRoomByClosingTheOldestConnectionThatHasSentNothing() {
        FakeAddressChannel oldest = connect(A);
        FakeAddressChannel spoke = connect(A);
        limiter.proven(spoke);
        connect(B);

        FakeAddressChannel fourth = connect(C);
        oldest.runPendingTasks();

        assertTrue(fourth.isOpen(), "a full table makes room instead of refusing the newcomer");
        assertFalse(oldest.isOpen(), "the oldest silent connection went");
        assertTrue(spoke.isOpen(), "one that sent a message is never the one closed");
        assertEquals(1, limiter.openFrom(C));
        assertEquals(TOTAL, limiter.openTotal());
        assertEquals(1, counters.get(Counter.TCP_CONNECTIONS_EVICTED));
        assertEquals(0, counters.get(Counter.TCP_CONNECTIONS_REFUSED));
    }

    @Test
    void refusesWhenFullAndEveryConnectionHasSpoken() {
        for (FakeAddressChannel channel : List.of(connect(A), connect(A), connect(B))) {
            limiter.proven(channel);
        }

        FakeAddressChannel fourth = connect(C);

        assertFalse(fourth.isOpen());
        assertEquals(0, limiter.openFrom(C));
        assertEquals(TOTAL, limiter.openTotal());
        assertEquals(1, counters.get(Counter.TCP_CONNECTIONS_REFUSED));
    }

    @Test
    void forgetsEverySourceOnceAllConnectionsClose() {
        List<FakeAddressChannel> open = new ArrayList<>(List.of(connect(A), connect(A), connect(B)));
        open.forEach(limiter::proven);
        connect(C); // refused: over the total, and nobody to make room
        connect(A); // refused: over the per-source limit

        open.forEach(TcpConnectionLimiterTest::close);

        assertEquals(0, limiter.openTotal());
        assertEquals(0, limiter.openFrom(A));
        assertEquals(0, limiter.openFrom(B));
        assertEquals(0, limiter.openFrom(C));
        assertTrue(connect(C).isOpen(), "the total cap is free again");
    }

    @Test
    void capsANetworkAsWellAsItsHosts() {
        List<InetAddress> sent = new ArrayList<>();
        TcpConnectionLimiter perNetwork = new TcpConnectionLimiter(
                new Limits(16_384, 100, 4_096, 2, 100, 120, 65_536, 3, 5, 5), counters, sent::add);
        List<FakeAddressChannel> opened = new ArrayList<>();
        for (int host = 1; host <= 4; host++) {
            opened.add(connectTo(perNetwork, TestPeers.ip("203.0.113." + host)));
        }
        assertEquals(List.of(true, true, true, false), opened.stream().map(FakeAddressChannel::isOpen).toList(),
                "three connections per /24, whichever hosts");
        assertTrue(connectTo(perNetwork, TestPeers.ip("203.0.114.1")).isOpen(), "another /24 of the /16");
        assertTrue(connectTo(perNetwork, TestPeers.ip("203.0.115.1")).isOpen());
        assertFalse(connectTo(perNetwork, TestPeers.ip("203.0.116.1")).isOpen(), "five per /16");
        assertEquals(2, counters.get(Counter.TCP_CONNECTIONS_REFUSED_PER_PREFIX));
    }

    @Test
    void reportsTheSourceOfAnEvictedSilentConnectionAsAHoarder() {
        List<InetAddress> silent = new ArrayList<>();
        TcpConnectionLimiter small = new TcpConnectionLimiter(
                new Limits(16_384, 100, 4_096, 2, 2, 120, 65_536, 10, 10, 5), counters, silent::add);
        FakeAddressChannel hoarded = connectTo(small, A);
        connectTo(small, B);

        connectTo(small, C);
        hoarded.runPendingTasks();

        assertFalse(hoarded.isOpen());
        assertEquals(List.of(A), silent, "evicted before its deadline, it still counts as a silent connection");
    }

    @Test
    void closesAConnectionThatSendsNothingInTimeAndReportsItsSource() {
        List<InetAddress> silent = new ArrayList<>();
        TcpConnectionLimiter timed = new TcpConnectionLimiter(
                new Limits(16_384, 100, 4_096, 2, 100, 120, 65_536, 10, 10, 5), counters, silent::add);
        FakeAddressChannel quiet = connectTo(timed, A);
        FakeAddressChannel talker = connectTo(timed, B);
        timed.proven(talker);

        quiet.advanceTimeBy(5, java.util.concurrent.TimeUnit.SECONDS);
        talker.advanceTimeBy(5, java.util.concurrent.TimeUnit.SECONDS);
        quiet.runPendingTasks();
        talker.runPendingTasks();

        assertFalse(quiet.isOpen(), "no complete message within tcp_first_message_seconds");
        assertTrue(talker.isOpen());
        assertEquals(List.of(A), silent);
        assertEquals(1, counters.get(Counter.TCP_FIRST_MESSAGE_TIMEOUTS));
        assertEquals(1, timed.openTotal());
    }

    private FakeAddressChannel connectTo(TcpConnectionLimiter target, InetAddress source) {
        FakeAddressChannel channel = new FakeAddressChannel(
                new java.net.InetSocketAddress(source, nextPort++), TestPeers.SBC, target);
        channel.runPendingTasks();
        return channel;
    }

    @Test
    void releasesEachConnectionOnlyOnce() {
        FakeAddressChannel first = connect(A);
        connect(A);

        close(first);
        first.pipeline().fireChannelInactive();

        assertEquals(1, limiter.openFrom(A));
        assertEquals(1, limiter.openTotal());
    }
}

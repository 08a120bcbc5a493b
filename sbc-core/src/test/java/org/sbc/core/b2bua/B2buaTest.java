package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.codec.HeaderBlockScanner;
import org.sbc.core.config.Limits;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipSide;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.TestPeers;

/** Sharding: a Call-ID we generate on shard N brings every later message of its call back to shard N. */
class B2buaTest {

    private final FakeNetwork net = new FakeNetwork();
    private DefaultEventLoopGroup group;
    private final Counters counters = new Counters();
    private B2bua b2bua;

    private B2bua create(int shards) throws UnknownHostException {
        group = new DefaultEventLoopGroup(shards);
        b2bua = B2bua.create(SbcConfig.defaults(), group, net.outbound(), counters, null);
        return b2bua;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (b2bua != null) {
            b2bua.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 2, 4, 10})
    void routesOurCallIdsToTheShardTheyName(int shards) throws UnknownHostException {
        B2bua b2bua = create(shards);
        SipFactory sip = new SipFactory(net.sockets());

        for (int shard = 0; shard < shards; shard++) {
            for (int i = 0; i < 100; i++) {
                assertEquals(shard, b2bua.shardOf(sip.callId(shard)));
            }
        }
    }

    /** Machines with more than ten cores get more than ten shards (one per I/O thread). */
    @Test
    void routesOurCallIdsToTheShardTheyNameBeyondTenShards() throws UnknownHostException {
        B2bua b2bua = create(16);
        SipFactory sip = new SipFactory(net.sockets());

        for (int shard = 0; shard < 16; shard++) {
            for (int i = 0; i < 20; i++) {
                String callId = sip.callId(shard);
                assertEquals(shard, b2bua.shardOf(callId), callId);
            }
        }
    }

    @Test
    void hashesForeignCallIdsStablyOverEveryShard() throws UnknownHostException {
        B2bua b2bua = create(4);
        Set<Integer> used = new HashSet<>();

        for (int i = 0; i < 1_000; i++) {
            String callId = "call-" + i + "@192.0.2.1";
            int shard = b2bua.shardOf(callId);
            assertTrue(shard >= 0 && shard < 4);
            assertEquals(shard, b2bua.shardOf(callId));
            used.add(shard);
        }
        assertEquals(Set.of(0, 1, 2, 3), used);
    }

    @Test
    void hashesCallIdsThatOnlyLookLikeOurs() throws UnknownHostException {
        B2bua b2bua = create(2);

        for (String callId : new String[] {"s7-abc", "s-1-abc", "s0-", "sx-abc", "S1-abc"}) {
            int shard = b2bua.shardOf(callId);
            assertEquals(Math.floorMod(callId.hashCode(), 2), shard, callId);
        }
    }

    @Test
    void reportsEmptyStateWhenNothingHappened() throws UnknownHostException {
        B2bua.State state = create(2).state();

        assertTrue(state.idleButRegistrations());
        assertEquals(0, state.registrations());
        assertEquals(0, state.bindings());
    }
    @Test
    void findsTheLoopOfAFramesCallFromItsBytesAsTheParseWould() throws UnknownHostException {
        B2bua b2bua = create(4);
        SipFactory sip = new SipFactory(net.sockets());
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);

        for (int shard = 0; shard < 4; shard++) {
            String callId = sip.callId(shard);
            assertSame(loops.get(shard), loopOf(b2bua, request("BYE", "Call-ID: " + callId)), callId);
        }
        String foreign = "a84b4c76e66710@pc33.example.com";
        assertSame(loops.get(b2bua.shardOf(foreign)), loopOf(b2bua, request("INVITE", "i:  " + foreign + " ")));
    }

    @Test
    void leavesARegisterAndAnUnreadableFrameToTheParse() throws UnknownHostException {
        B2bua b2bua = create(4);

        // A REGISTER goes to the shard of its address-of-record, which takes the parse.
        assertNull(loopOf(b2bua, request("REGISTER", "Call-ID: reg-1@192.0.2.1")));
        assertNull(loopOf(b2bua, request("OPTIONS", "Subject: no Call-ID here")));
    }

    @Test
    void aSingleShardTellsNoLoop() throws UnknownHostException {
        assertNull(loopOf(create(1), request("BYE", "Call-ID: one-shard@192.0.2.1")));
    }

    /**
     * A shard whose loop is stuck gets at most HandOver.NEW_WORK_LIMIT new requests queued, and
     * in-dialog messages up to HandOver.LIMIT, so what keeps calls alive still gets through a
     * burst of new work; every message past that is counted as dropped, none is queued.
     */
    @Test
    void boundsWhatWaitsForAStuckShardAndLetsNewWorkGiveWayFirst() throws Exception {
        B2bua b2bua = create(2);
        String callId = new SipFactory(net.sockets()).callId(0);
        ReceivedMessage invite = SipTesting.received(SipMessages.request("INVITE", "sip:100@127.0.0.1")
                .header("Call-ID", callId), TestPeers.udp("192.0.2.1", 5062));
        ReceivedMessage bye = SipTesting.received(SipMessages.request("BYE", "sip:100@127.0.0.1")
                .header("Call-ID", callId).header("To", "<sip:100@127.0.0.1>;tag=ours"), TestPeers.udp("192.0.2.1", 5062));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        loops.get(0).execute(() -> {
            stuck.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(stuck.await(5, TimeUnit.SECONDS));
        try {
            for (int i = 0; i < HandOver.NEW_WORK_LIMIT + 100; i++) {
                b2bua.receive(invite, SipSide.OUTSIDE, null);
            }
            assertEquals(100, counters.get(Counter.HAND_OVER_DROPPED), "new work past its limit");
            int roomLeft = HandOver.LIMIT - HandOver.NEW_WORK_LIMIT;
            for (int i = 0; i < roomLeft; i++) {
                b2bua.receive(bye, SipSide.OUTSIDE, null);
            }
            assertEquals(100, counters.get(Counter.HAND_OVER_DROPPED), "in-dialog requests still pass new work's limit");
            b2bua.receive(bye, SipSide.OUTSIDE, null);
            b2bua.receive(invite, SipSide.OUTSIDE, null);
            assertEquals(102, counters.get(Counter.HAND_OVER_DROPPED), "past the whole limit, everything");
        } finally {
            release.countDown();
        }
        // Once the loop runs again the queue drains, and it takes new work again.
        loops.get(0).submit(() -> { }).get(60, TimeUnit.SECONDS);
        b2bua.receive(invite, SipSide.OUTSIDE, null);
        loops.get(0).submit(() -> { }).get(10, TimeUnit.SECONDS);
        assertEquals(102, counters.get(Counter.HAND_OVER_DROPPED));
    }

    private static EventLoop loopOf(B2bua b2bua, byte[] frame) {
        return b2bua.loopOf(frame, new HeaderBlockScanner(Limits.DEFAULT).scan(frame));
    }

    private static byte[] request(String method, String header) {
        return (method + " sip:100@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n" + header
                + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}

package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.metrics.Counters;

/** Sharding: a Call-ID we generate on shard N brings every later message of its call back to shard N. */
class B2buaTest {

    private final FakeNetwork net = new FakeNetwork();
    private DefaultEventLoopGroup group;
    private B2bua b2bua;

    private B2bua create(int shards) throws UnknownHostException {
        group = new DefaultEventLoopGroup(shards);
        b2bua = B2bua.create(SbcConfig.defaults(), group, net.outbound(), new Counters(), null);
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
            assertSame(loops.get(shard), b2bua.loopOf(request("BYE", "Call-ID: " + callId)), callId);
        }
        String foreign = "a84b4c76e66710@pc33.example.com";
        assertSame(loops.get(b2bua.shardOf(foreign)), b2bua.loopOf(request("INVITE", "i:  " + foreign + " ")));
    }

    @Test
    void leavesARegisterAndAnUnreadableFrameToTheParse() throws UnknownHostException {
        B2bua b2bua = create(4);

        // A REGISTER goes to the shard of its address-of-record, which takes the parse.
        assertNull(b2bua.loopOf(request("REGISTER", "Call-ID: reg-1@192.0.2.1")));
        assertNull(b2bua.loopOf(request("OPTIONS", "Subject: no Call-ID here")));
    }

    @Test
    void aSingleShardTellsNoLoop() throws UnknownHostException {
        assertNull(create(1).loopOf(request("BYE", "Call-ID: one-shard@192.0.2.1")));
    }

    private static byte[] request(String method, String header) {
        return (method + " sip:100@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n" + header
                + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}

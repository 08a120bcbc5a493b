package org.sbc.core.b2bua.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.sbc.core.codec.SipUri;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.FakeNetwork;
import org.sbc.core.sip.SipSide;

class BindingCacheTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final BindingCache cache = new BindingCache(2, now::get);

    private Binding binding(String token, String user, long expiresInMillis) {
        SipUri contact = SipUri.sip(user, "192.0.2.1", 5062, null, false);
        return new Binding(token, user + "@example.com", user, contact,
                FakeNetwork.udp(SipSide.OUTSIDE, FakeNetwork.address("192.0.2.1", 5062)),
                now.get() + expiresInMillis);
    }

    @Test
    void refusesANewBindingWhenFullOfLiveOnes() {
        assertTrue(cache.put(binding("t1", "alice", 60_000)));
        assertTrue(cache.put(binding("t2", "bob", 60_000)));

        assertFalse(cache.put(binding("t3", "carol", 60_000)));

        assertEquals(2, cache.size());
        assertTrue(cache.byToken("t3").isEmpty());
    }

    @Test
    void refreshesAKnownTokenEvenWhenFull() {
        cache.put(binding("t1", "alice", 60_000));
        cache.put(binding("t2", "bob", 60_000));

        assertTrue(cache.put(binding("t1", "alice", 120_000)));

        assertEquals(now.get() + 120_000, cache.byToken("t1").orElseThrow().expiresAtMillis());
        assertEquals(2, cache.size());
    }

    @Test
    void acceptsANewBindingOnceTheSweepFreesRoom() {
        cache.put(binding("t1", "alice", 10_000));
        cache.put(binding("t2", "bob", 60_000));
        now.addAndGet(10_000);

        assertTrue(cache.put(binding("t3", "carol", 60_000)));

        assertEquals(2, cache.size());
        assertTrue(cache.byToken("t1").isEmpty());
        assertTrue(cache.byToken("t2").isPresent());
        assertTrue(cache.byToken("t3").isPresent());
    }

    @Test
    void neverReturnsAnExpiredBinding() {
        cache.put(binding("t1", "alice", 10_000));
        now.addAndGet(9_999);
        assertTrue(cache.byToken("t1").isPresent());
        assertTrue(cache.byUser("alice").isPresent());

        now.addAndGet(1); // expiry is inclusive

        assertEquals(Optional.empty(), cache.byUser("alice"));
        assertEquals(Optional.empty(), cache.byToken("t1"));
        assertEquals(0, cache.size(), "the lookup removed it");
    }

    @Test
    void sweepRemovesOnlyExpiredBindings() {
        cache.put(binding("t1", "alice", 10_000));
        cache.put(binding("t2", "bob", 20_000));
        now.addAndGet(15_000);

        cache.sweep();

        assertEquals(1, cache.size());
        assertEquals("t2", cache.all().iterator().next().token());
    }

    @Test
    void byUserFindsTheLatestLiveBinding() {
        BindingCache roomy = new BindingCache(10, now::get);
        roomy.put(binding("old", "alice", 30_000));
        roomy.put(binding("new", "alice", 60_000));
        roomy.put(binding("other", "bob", 90_000));

        assertEquals("new", roomy.byUser("alice").orElseThrow().token());

        now.addAndGet(60_000);
        assertEquals(Optional.empty(), roomy.byUser("alice"), "both expired");
        assertEquals("other", roomy.byUser("bob").orElseThrow().token());
        assertEquals(Optional.empty(), roomy.byUser("carol"));
    }

    @Test
    void removeForgetsTheToken() {
        cache.put(binding("t1", "alice", 60_000));

        cache.remove("t1");

        assertTrue(cache.byToken("t1").isEmpty());
        assertTrue(cache.byUser("alice").isEmpty());
        assertTrue(cache.put(binding("t2", "bob", 60_000)));
    }

    /** The Javadoc of {@code byUser}: "the most recently registered live contact of user". */
    @Test
    void byUserPrefersTheMostRecentRegistrationOverTheLongestExpiry() {
        BindingCache roomy = new BindingCache(10, now::get);
        roomy.put(binding("desk-phone", "alice", 3_600_000)); // registered first, for an hour
        now.addAndGet(10_000);
        roomy.put(binding("mobile", "alice", 600_000)); // registered later, for ten minutes

        assertEquals("mobile", roomy.byUser("alice").orElseThrow().token());
    }

    @Test
    void byUserFallsBackToTheUsersOtherLiveBindingWhenTheLatestIsGone() {
        BindingCache roomy = new BindingCache(10, now::get);
        roomy.put(binding("desk-phone", "alice", 3_600_000));
        roomy.put(binding("mobile", "alice", 600_000));
        roomy.put(binding("other", "bob", 7_200_000));

        roomy.remove("mobile");
        assertEquals("desk-phone", roomy.byUser("alice").orElseThrow().token());
        roomy.remove("desk-phone");
        assertEquals(Optional.empty(), roomy.byUser("alice"), "bob's binding is not alice's");
    }

    @Test
    void aSweptOrReusedTokenLeavesItsUsersIndex() {
        BindingCache roomy = new BindingCache(10, now::get);
        roomy.put(binding("t1", "alice", 10_000));
        roomy.put(binding("t2", "alice", 60_000));
        now.addAndGet(10_000);
        roomy.sweep();
        roomy.put(binding("t2", "bob", 60_000)); // the token now names bob's contact

        assertEquals(Optional.empty(), roomy.byUser("alice"));
        assertEquals("t2", roomy.byUser("bob").orElseThrow().token());
    }
}

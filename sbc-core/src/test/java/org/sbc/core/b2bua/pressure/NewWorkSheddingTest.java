package org.sbc.core.b2bua.pressure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.pressure.NewWorkShedding.Load;
import org.sbc.core.b2bua.pressure.NewWorkShedding.Reason;

class NewWorkSheddingTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final InetAddress phone = address("198.51.100.7");
    private final InetAddress stranger = address("203.0.113.9");
    private final InetAddress trunk = address("192.0.2.1");
    private final KnownSources known = new KnownSources(100, 3_600_000, now::get, trunk::equals);
    private final AtomicBoolean flood = new AtomicBoolean();
    private final NewWorkShedding shedding = new NewWorkShedding(known, new NewDialogRate(5, now::get), flood::get,
            new PressureSignal(now::get));
    private static final Load QUIET = new Load(10, 100, 10, 1_000);

    @Test
    void quietTimesAdmitEveryone() {
        assertEquals(Optional.empty(), shedding.judge(true, stranger, true, QUIET));
    }

    @Test
    void callsPastTheHighWaterMarkShedFirstSeenSourcesOnly() {
        known.remember(phone);
        Load busy = new Load(80, 100, 10, 1_000);
        assertEquals(Optional.of(Reason.FIRST_SEEN), shedding.judge(true, stranger, true, busy));
        assertEquals(Optional.empty(), shedding.judge(true, phone, true, busy), "a registered phone goes on");
        assertEquals(Optional.empty(), shedding.judge(true, trunk, true, busy), "a trusted trunk goes on");
        assertEquals(Optional.empty(), shedding.judge(false, stranger, true, busy), "the PBX is never first-seen");
    }

    @Test
    void theGlobalNewDialogRateIsPressureToo() {
        known.remember(phone);
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), shedding.judge(true, stranger, true, QUIET), "under 5 a second");
            now.addAndGet(100);
        }
        assertEquals(Optional.of(Reason.FIRST_SEEN), shedding.judge(true, stranger, true, QUIET));
        assertEquals(Optional.empty(), shedding.judge(true, phone, true, QUIET));
        now.addAndGet(1_000);
        assertEquals(Optional.empty(), shedding.judge(true, stranger, true, QUIET), "a new second");
    }

    @Test
    void aBurstPastATenthOfTheRateIsPressureWithinItsTenthOfASecond() {
        NewDialogRate rate = new NewDialogRate(200, now::get);
        for (int i = 0; i < 20; i++) {
            assertFalse(rate.countAndCheck(), "20 in a tenth of a second is a tenth of 200 a second");
        }
        assertTrue(rate.countAndCheck(), "the 21st in the same tenth");
        now.addAndGet(100);
        assertFalse(rate.countAndCheck(), "a new tenth");
        assertFalse(new NewDialogRate(5, now::get).countAndCheck(), "at least one a tenth, however low the rate");
    }

    @Test
    void aRequestThatWaitedIsPressureAndOneThatWaitedAWholeT1IsDroppedUnanswered() {
        known.remember(phone);
        Load behind = new Load(10, 100, 10, 1_000, 150, 500);
        assertEquals(Optional.of(Reason.FIRST_SEEN), shedding.judge(true, stranger, true, behind));
        assertEquals(Optional.empty(), shedding.judge(true, phone, true, behind));
        Load late = new Load(10, 100, 10, 1_000, 600, 500);
        assertEquals(Optional.of(Reason.FIRST_SEEN_LATE), shedding.judge(true, stranger, true, late));
        assertEquals(Optional.empty(), shedding.judge(true, phone, true, late), "a known source is still served");
        now.addAndGet(100); // a tenth of a second of its own: under the rate's limit of 1 a tenth
        assertEquals(Optional.empty(), shedding.judge(true, stranger, true, new Load(10, 100, 10, 1_000, 99, 500)));
    }

    @Test
    void aGlobalFloodIsPressure() {
        flood.set(true);
        assertEquals(Optional.of(Reason.FIRST_SEEN), shedding.judge(true, stranger, false, QUIET));
    }

    @Test
    void nearTheTransactionBoundAllNewWorkIsShedSoWorkUnderWayKeepsTheRest() {
        known.remember(phone);
        Load nearlyFull = new Load(10, 100, 900, 1_000);
        assertEquals(Optional.of(Reason.TRANSACTIONS_FULL), shedding.judge(true, phone, true, nearlyFull));
        assertEquals(Optional.of(Reason.TRANSACTIONS_FULL), shedding.judge(false, stranger, false, nearlyFull));
        assertEquals(Optional.of(Reason.FIRST_SEEN), shedding.judge(true, stranger, false, new Load(10, 100, 800, 1_000)));
        assertEquals(Optional.empty(), shedding.judge(true, phone, false, new Load(10, 100, 899, 1_000)));
    }

    @Test
    void knownSourcesAreForgottenAfterTheirMemoryAndTheTableIsBounded() {
        KnownSources small = new KnownSources(2, 10_000, now::get, address -> false);
        small.remember(phone);
        small.remember(stranger);
        small.remember(trunk);
        assertEquals(2, small.size(), "full: the third is not remembered");
        assertFalse(small.knows(trunk));
        now.addAndGet(10_000);
        assertFalse(small.knows(phone), "forgotten after its memory");
        small.remember(trunk);
        assertTrue(small.knows(trunk), "the expired ones were swept to make room");
        assertEquals(1, small.size());
    }

    @Test
    void beforeThePressureIsFoundNothingIsShedUnparsed() {
        assertFalse(shedding.shedsUnparsed(stranger, true));
    }

    @Test
    void onceTheJudgeFindsPressureFirstSeenSourcesAreShedUnparsedForTheHold() {
        known.remember(phone);
        assertEquals(Optional.of(Reason.FIRST_SEEN), shedding.judge(true, stranger, true, new Load(80, 100, 10, 1_000)));

        assertTrue(shedding.shedsUnparsed(stranger, true));
        assertTrue(shedding.shedsUnparsed(address("203.0.113.10"), false), "a REGISTER too");
        assertFalse(shedding.shedsUnparsed(phone, true), "a known source is left to the judge");
        assertFalse(shedding.shedsUnparsed(trunk, true));
        now.addAndGet(PressureSignal.HOLD_MILLIS);
        assertFalse(shedding.shedsUnparsed(stranger, true), "lapsed: the judge decides again on the parsed request");
    }

    @Test
    void aFloodShedUnparsedKeepsThePressureUpWhileItStaysPastTheRate() {
        for (int i = 0; i <= 5; i++) {
            shedding.judge(true, stranger, true, QUIET); // the sixth in this second is past 5
        }
        for (int second = 0; second < 3; second++) {
            now.addAndGet(PressureSignal.HOLD_MILLIS - 1);
            for (int i = 0; i < 6; i++) {
                assertTrue(shedding.shedsUnparsed(stranger, true), "second " + second + ", request " + i);
            }
        }
        now.addAndGet(PressureSignal.HOLD_MILLIS - 1);
        assertTrue(shedding.shedsUnparsed(stranger, true), "one a second is under the rate: it does not press");
        now.addAndGet(PressureSignal.HOLD_MILLIS);
        assertFalse(shedding.shedsUnparsed(stranger, true), "the flood ended: the pressure lapsed");
    }

    @Test
    void theGlobalViewKeepsThePressureUpToo() {
        flood.set(true);
        assertEquals(Optional.of(Reason.FIRST_SEEN), shedding.judge(true, stranger, false, QUIET));
        for (int i = 0; i < 5; i++) {
            now.addAndGet(PressureSignal.HOLD_MILLIS - 1);
            assertTrue(shedding.shedsUnparsed(stranger, false));
        }
        flood.set(false);
        now.addAndGet(PressureSignal.HOLD_MILLIS - 1);
        assertTrue(shedding.shedsUnparsed(stranger, false));
        now.addAndGet(PressureSignal.HOLD_MILLIS);
        assertFalse(shedding.shedsUnparsed(stranger, false));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

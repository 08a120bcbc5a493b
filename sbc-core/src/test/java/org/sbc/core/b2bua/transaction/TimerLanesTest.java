package org.sbc.core.b2bua.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.EventLoop;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Timers on a frozen clock that moves only when told, so every firing time is exact. */
class TimerLanesTest {

    private final EmbeddedChannel clock = new EmbeddedChannel();
    private final EventLoop loop = clock.eventLoop();
    private final TimerLanes lanes = new TimerLanes(loop);
    private final List<String> fired = new ArrayList<>();
    private long now;

    TimerLanesTest() {
        clock.freezeTime();
    }

    /** Moves the clock ms by ms, noting when each timer fires. */
    private void advance(long millis) {
        for (long i = 0; i < millis; i++) {
            clock.advanceTimeBy(1, TimeUnit.MILLISECONDS);
            now++;
            clock.runScheduledPendingTasks();
        }
    }

    private TimerLanes.Timer at(long delay, String name) {
        return lanes.schedule(() -> fired.add(name + "@" + now), delay);
    }

    /** Whether Netty still has anything scheduled (cancelled tasks are not counted). */
    private boolean nettyHasTimers() {
        return clock.runScheduledPendingTasks() >= 0;
    }

    @Test
    void firesEachTimerAtItsExactDeadlineWhateverItsLane() {
        at(500, "a");
        advance(100);
        at(500, "b");
        at(32_000, "long");
        at(1_000, "c");
        advance(40_000);
        assertEquals(List.of("a@500", "b@600", "c@1100", "long@32100"), fired);
        assertTrue(!nettyHasTimers(), "nothing left scheduled");
    }

    @Test
    void aCancelledTimerNeverFiresAndACancelledLaneLeavesNothingScheduled() {
        TimerLanes.Timer first = at(32_000, "first");
        TimerLanes.Timer second = at(32_000, "second");
        first.cancel();
        advance(10);
        TimerLanes.Timer third = at(32_000, "third");
        second.cancel();
        third.cancel();
        third.cancel();
        assertEquals(0, lanes.queued());
        assertTrue(!nettyHasTimers(), "a lane with nothing live has no task armed");
        advance(33_000);
        assertEquals(List.of(), fired);
    }

    @Test
    void aTimerCancelledAtTheHeadLetsTheNextFireOnTime() {
        TimerLanes.Timer head = at(1_000, "head");
        advance(300);
        at(1_000, "next");
        head.cancel();
        advance(2_000);
        assertEquals(List.of("next@1300"), fired);
    }

    @Test
    void timersSetWhileFiringFireOnTimeToo() {
        lanes.schedule(() -> {
            fired.add("first@" + now);
            at(500, "again");
        }, 500);
        at(700, "other");
        advance(2_000);
        assertEquals(List.of("first@500", "other@700", "again@1000"), fired);
    }

    @Test
    void aFailingTimerDoesNotStopTheOthers() {
        lanes.schedule(() -> {
            throw new IllegalStateException("a bug");
        }, 100);
        at(100, "after");
        advance(200);
        assertEquals(List.of("after@100"), fired);
    }

    @Test
    void cancelledTimersDoNotPileUpInALane() {
        List<TimerLanes.Timer> cancelled = new ArrayList<>();
        at(32_000, "kept");
        for (int i = 0; i < 10_000; i++) {
            cancelled.add(at(32_000, "x" + i));
            cancelled.get(i).cancel();
        }
        assertTrue(lanes.queued() <= 2 * 1 + 64, "queued: " + lanes.queued());
        advance(32_001);
        assertEquals(List.of("kept@32000"), fired);
    }

    @Test
    void aCancelledTimerWaitingInItsLaneKeepsNothingOfItsTaskAlive() throws InterruptedException {
        at(32_000, "live"); // so the cancelled one behind it stays queued
        Object[] held = {new byte[64 * 1024]};
        WeakReference<Object> task = new WeakReference<>(held[0]);
        TimerLanes.Timer cancelled = lanes.schedule(holding(held[0]), 32_000);
        held[0] = null;
        cancelled.cancel();
        assertEquals(2, lanes.queued(), "still queued behind the live one");
        for (int i = 0; i < 100 && task.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(task.get() == null, "what the cancelled task held was let go");
    }

    private Runnable holding(Object state) {
        return () -> fired.add("held " + state.hashCode());
    }

    @Test
    void beyondItsLanesAndWithoutDelayItUsesNettysScheduler() {
        for (int delay = 1; delay <= TimerLanes.MAX_LANES + 4; delay++) {
            at(delay, "d" + delay);
        }
        at(0, "now");
        advance(TimerLanes.MAX_LANES + 4);
        assertEquals(TimerLanes.MAX_LANES + 5, fired.size(), fired.toString());
        assertTrue(fired.contains("now@1") || fired.contains("now@0"), fired.toString());
        assertTrue(fired.contains("d20@20"), fired.toString());
    }

    @Test
    void aOneOffDelayTakesNoLane() {
        for (int i = 0; i < TimerLanes.MAX_LANES + 4; i++) {
            lanes.oneOff(() -> { }, 1_000 + i);
        }
        at(500, "laned");
        assertEquals(1, lanes.queued(), "the common delay still found a lane");
        TimerLanes.Timer oneOff = lanes.oneOff(() -> fired.add("one-off@" + now), 700);
        advance(800);
        assertEquals(List.of("laned@500", "one-off@700"), fired);
        oneOff.cancel();
    }

    @Test
    void aTimerCancelledFromAnotherThreadIsCancelledOnTheLoop() throws Exception {
        TimerLanes.Timer timer = at(1_000, "cancelled");
        Thread other = new Thread(timer::cancel);
        other.start();
        other.join();
        clock.runPendingTasks();
        advance(2_000);
        assertEquals(List.of(), fired);
    }
}

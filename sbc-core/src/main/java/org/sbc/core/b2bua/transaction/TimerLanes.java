package org.sbc.core.b2bua.transaction;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The timers of one event loop: transactions' and calls'. Nearly all of them have one of a few
 * delays (64 × T1, T4, T1 and its doublings, the dialog limits), and a call makes about ten,
 * most of which are cancelled. In Netty's scheduler each is a node of one heap that held over
 * a hundred thousand of them at 3,000 calls/s, sifted through on every schedule and cancel
 * (4 % of the call benchmark's CPU). Here timers of the same delay wait in a queue of their own
 * (a lane): its deadlines come in the order they are added, so adding and cancelling are O(1),
 * and only the head of each lane is in Netty's scheduler. A timer fires at its exact deadline,
 * as on Netty's scheduler, on the loop's own clock.
 *
 * <p>At most {@value #MAX_LANES} lanes; a timer of any other delay, one of no delay, one set
 * from another thread, or a {@link #oneOff} goes to Netty's scheduler as before. A cancelled
 * timer stays in its lane, without its task (so it keeps no transaction or call alive), until it
 * reaches the head, or until cancelled ones are most of the lane and it is compacted, so a lane
 * never holds more than twice its live timers (plus a little). A timer cancelled from another
 * thread is cancelled on the loop.
 */
public final class TimerLanes {

    /** A timer that can be cancelled; cancelling one that fired or was cancelled does nothing. */
    public interface Timer {
        void cancel();
    }

    static final int MAX_LANES = 16;
    private static final int COMPACT_FROM = 64;
    private static final System.Logger LOG = System.getLogger(TimerLanes.class.getName());

    private final EventLoop loop;
    /** Found by a scan: at most sixteen, and a map would box every delay it is asked for. */
    private final Lane[] lanes = new Lane[MAX_LANES];
    private int laneCount;

    public TimerLanes(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code task} on the loop after {@code delayMillis}, unless cancelled first. */
    public Timer schedule(Runnable task, long delayMillis) {
        if (delayMillis <= 0 || !loop.inEventLoop()) {
            return onNetty(task, delayMillis);
        }
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        for (int i = 0; i < laneCount; i++) {
            if (lanes[i].delayNanos == delayNanos) {
                return lanes[i].add(task);
            }
        }
        if (laneCount == MAX_LANES) {
            return onNetty(task, delayMillis);
        }
        Lane lane = new Lane(delayNanos);
        lanes[laneCount++] = lane;
        return lane.add(task);
    }

    /**
     * A timer whose delay is its own (what is left of a rebuilt call's life, say): on Netty's
     * scheduler, so that one-off delays do not take the lanes the common ones need.
     */
    public Timer oneOff(Runnable task, long delayMillis) {
        return onNetty(task, delayMillis);
    }

    /** Timers waiting, live and cancelled, in the lanes: for the test of their bound. */
    int queued() {
        int queued = 0;
        for (int i = 0; i < laneCount; i++) {
            queued += lanes[i].queue.size();
        }
        return queued;
    }

    private Timer onNetty(Runnable task, long delayMillis) {
        ScheduledFuture<?> future = loop.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    private long now() {
        return loop.ticker().nanoTime();
    }

    /** Timers of one delay, in the order of their deadlines; one Netty task armed for the head. */
    private final class Lane implements Runnable {
        private final long delayNanos;
        private final ArrayDeque<Entry> queue = new ArrayDeque<>();
        private int live;
        private ScheduledFuture<?> armed;
        /** Firing: what is added or cancelled meanwhile leaves the arming to the end of the run. */
        private boolean running;

        Lane(long delayNanos) {
            this.delayNanos = delayNanos;
        }

        Entry add(Runnable task) {
            Entry entry = new Entry(this, task, now() + delayNanos);
            queue.addLast(entry);
            live++;
            if (armed == null && !running) {
                arm();
            }
            return entry;
        }

        void cancelled() {
            live--;
            if (live == 0) {
                // Nothing left to run: nothing stays scheduled, nothing stays queued.
                queue.clear();
                disarm();
            } else if (queue.size() >= COMPACT_FROM && live * 2 < queue.size()) {
                queue.removeIf(Entry::isCancelled);
                if (!running) {
                    disarm();
                    arm();
                }
            }
        }

        /** Runs every timer whose deadline has come, then arms for the next. */
        @Override
        public void run() {
            armed = null;
            running = true;
            try {
                long now = now();
                for (Entry head = queue.peekFirst(); head != null && head.deadline - now <= 0;
                        head = queue.peekFirst()) {
                    queue.pollFirst();
                    Runnable task = head.fire();
                    if (task != null) {
                        live--;
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            // As Netty's scheduler does: one failing timer must not stop the others.
                            LOG.log(System.Logger.Level.WARNING, "a timer failed", e);
                        }
                    }
                }
            } finally {
                running = false;
                disarm();
                arm();
            }
        }

        /** Arms for the head, when there is one. */
        private void arm() {
            Entry head = queue.peekFirst();
            if (head != null) {
                armed = loop.schedule(this, Math.max(0, head.deadline - now()), TimeUnit.NANOSECONDS);
            }
        }

        private void disarm() {
            if (armed != null) {
                armed.cancel(false);
                armed = null;
            }
        }

        boolean loopThread() {
            return loop.inEventLoop();
        }

        void cancelLater(Entry entry) {
            loop.execute(entry::cancel);
        }
    }

    private static final class Entry implements Timer {
        private final Lane lane;
        /**
         * Null once fired or cancelled: a cancelled timer waits in its lane, its task need not.
         */
        private Runnable task;
        private final long deadline;

        Entry(Lane lane, Runnable task, long deadline) {
            this.lane = lane;
            this.task = task;
            this.deadline = deadline;
        }

        /** In its lane, only a cancelled timer has no task (a fired one has left the lane). */
        boolean isCancelled() {
            return task == null;
        }

        /** The task, once: when the timer is due and was not cancelled; null after. */
        Runnable fire() {
            Runnable due = task;
            task = null;
            return due;
        }

        @Override
        public void cancel() {
            if (!lane.loopThread()) {
                lane.cancelLater(this);
            } else if (task != null) {
                task = null;
                lane.cancelled();
            }
        }
    }
}

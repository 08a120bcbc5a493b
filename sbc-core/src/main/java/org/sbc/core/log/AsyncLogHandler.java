package org.sbc.core.log;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Hands log records to a writer thread, so that formatting and writing a line (a flush to the
 * console per record, with JUL's own handler) is never done on an event loop: with a line per
 * ended call that was about 4 % of the CPU of a call at 2,000 calls/s.
 *
 * <p>The queue is bounded: when the writer falls behind (a slow disk or a blocked pipe), records
 * are dropped and counted, and the writer says how many when it catches up, rather than the
 * event loops waiting or the heap growing. Order is kept. {@link #close()} (JUL's shutdown hook
 * calls it) writes what is queued before closing the target.
 */
public final class AsyncLogHandler extends Handler {

    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final Handler target;
    private final ArrayBlockingQueue<LogRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public AsyncLogHandler(Handler target, int capacity) {
        this.target = target;
        this.queue = new ArrayBlockingQueue<>(capacity);
        setLevel(target.getLevel());
        this.writer = new Thread(this::write, "sbc-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Puts every handler of the root logger behind its own writer thread. */
    public static void installOnRoot(int capacity) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (!(handler instanceof AsyncLogHandler)) {
                root.removeHandler(handler);
                root.addHandler(new AsyncLogHandler(handler, capacity));
            }
        }
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        // The source would otherwise be found by walking the writer thread's stack, wrongly.
        if (record.getSourceClassName() == null) {
            record.setSourceClassName(record.getLoggerName());
        }
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** Waits (briefly) until what is queued is written, then flushes the target. */
    @Override
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        while (!queue.isEmpty() && System.nanoTime() < deadline && writer.isAlive()) {
            Thread.onSpinWait();
            Thread.yield();
        }
        target.flush();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.interrupt();
        try {
            writer.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        target.close();
    }

    /** Records dropped because the queue was full, since start. */
    public long dropped() {
        return dropped.get();
    }

    private void write() {
        List<LogRecord> batch = new ArrayList<>();
        long reported = 0;
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            queue.drainTo(batch);
            batch.forEach(target::publish);
            batch.clear();
            long lost = dropped.get();
            if (lost != reported) {
                LogRecord warning = new LogRecord(Level.WARNING, (lost - reported)
                        + " log records dropped: the log writer fell behind (queue of "
                        + (queue.remainingCapacity() + queue.size()) + ")");
                warning.setLoggerName(AsyncLogHandler.class.getName());
                target.publish(warning);
                reported = lost;
            }
            if (queue.isEmpty()) {
                target.flush();
            }
        }
        queue.drainTo(batch);
        batch.forEach(target::publish);
        target.flush();
    }
}

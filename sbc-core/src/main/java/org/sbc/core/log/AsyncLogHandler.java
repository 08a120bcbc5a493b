package org.sbc.core.log;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Hands log records to a writer thread, so that formatting and writing a line (a flush to the
 * console per record, with JUL's own handler) is never done on an event loop: with a line per
 * ended call that was about 4 % of the CPU of a call at 2,000 calls/s.
 *
 * <p>The writer takes what has queued every {@value #BATCH_MILLIS} ms and writes it with one
 * flush, instead of being woken for each record: at 3,000 calls/s a wake-up per call record was
 * 3,500 futex calls and 1,800 context switches a second, on a machine whose every core the load
 * already fills. A line reaches the log at most that much later.
 *
 * <p>The queue is bounded: when the writer falls behind (a slow disk or a blocked pipe), records
 * are dropped and counted, and the writer says how many when it catches up, rather than the
 * event loops waiting or the heap growing. Order is kept. {@link #close()} (JUL's shutdown hook
 * calls it) writes what is queued before closing the target.
 */
public final class AsyncLogHandler extends Handler {

    private static final long CLOSE_WAIT_MILLIS = 2_000;
    static final long BATCH_MILLIS = 20;

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

    /**
     * Puts every handler of the root logger behind its own writer thread; JUL's console handler,
     * which flushes (a write to the console) per record, becomes one that flushes per batch.
     */
    public static void installOnRoot(int capacity) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (!(handler instanceof AsyncLogHandler)) {
                root.removeHandler(handler);
                Handler target = handler instanceof ConsoleHandler console ? BatchedConsole.replacing(console) : handler;
                root.addHandler(new AsyncLogHandler(target, capacity));
            }
        }
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        // A record names its source by its logger. Left unset, JUL would find it by walking a
        // stack, the writer thread's (wrongly) or, if asked here, the event loop's: a walk per
        // call record was 1 % of a call's CPU. Asking whether it is set walks too, so this does
        // not ask; the default format does not print a source.
        record.setSourceClassName(record.getLoggerName());
        record.setSourceMethodName(null);
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** Waits (briefly) until what is queued is written, then flushes the target. */
    @Override
    public void flush() {
        LockSupport.unpark(writer);
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
        LockSupport.unpark(writer);
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
        while (!closed) {
            // Parked, not waiting on the queue: a record offered meanwhile wakes nobody.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS));
            queue.drainTo(batch);
            boolean wrote = !batch.isEmpty();
            batch.forEach(target::publish);
            batch.clear();
            long lost = dropped.get();
            if (lost != reported) {
                wrote = true;
                LogRecord warning = new LogRecord(Level.WARNING, (lost - reported)
                        + " log records dropped: the log writer fell behind (queue of "
                        + (queue.remainingCapacity() + queue.size()) + ")");
                warning.setLoggerName(AsyncLogHandler.class.getName());
                target.publish(warning);
                reported = lost;
            }
            if (wrote) {
                target.flush();
            }
        }
        queue.drainTo(batch);
        batch.forEach(target::publish);
        target.flush();
    }

    /**
     * JUL's console handler without its flush per record: the same stream (standard error),
     * formatter, level, filter and encoding; flushed by the writer once per batch. Closing it
     * flushes and leaves standard error open, as the console handler does.
     */
    static final class BatchedConsole extends StreamHandler {

        static final String SIMPLE_FORMAT = "java.util.logging.SimpleFormatter.format";

        static BatchedConsole replacing(ConsoleHandler console) {
            BatchedConsole batched = new BatchedConsole(formatterFor(console));
            batched.setLevel(console.getLevel());
            batched.setFilter(console.getFilter());
            batched.setErrorManager(console.getErrorManager());
            try {
                batched.setEncoding(console.getEncoding());
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException("the console's own encoding", e);
            }
            return batched;
        }

        /**
         * The console's formatter, or {@link LogLineFormatter} in place of a {@code SimpleFormatter}
         * whose format is the SBC's own: the same lines at a fraction of the cost. The format in
         * force is the system property's, which {@code SimpleFormatter} also prefers to a
         * logging.properties entry.
         */
        static Formatter formatterFor(ConsoleHandler console) {
            Formatter formatter = console.getFormatter();
            return formatter.getClass() == SimpleFormatter.class
                    && LogLineFormatter.FORMAT.equals(System.getProperty(SIMPLE_FORMAT)) ? new LogLineFormatter()
                    : formatter;
        }

        private BatchedConsole(Formatter formatter) {
            super(System.err, formatter);
        }

        @Override
        public synchronized void close() {
            flush();
        }
    }
}

package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Keeps the ban table tidy off the event loops, on one thread: expires bans every second, and
 * saves the table at most once per {@link #DEBOUNCE_MILLIS} after a change. However many bans a
 * flood produces, at most one save is pending, so the work queue is bounded.
 */
public final class BanHousekeeper implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BanHousekeeper.class.getName());
    static final long DEBOUNCE_MILLIS = 500;
    private static final long RETRY_MILLIS = 10_000;

    private final BanTable table;
    private final Optional<BanStateFile> file;
    private final Counters counters;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean savePending = new AtomicBoolean();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile long lastFailureLogged;

    public BanHousekeeper(BanTable table, Optional<BanStateFile> file, Counters counters) {
        this.table = requireNonNull(table, "table");
        this.file = requireNonNull(file, "file");
        this.counters = requireNonNull(counters, "counters");
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sbc-bans");
            thread.setDaemon(true);
            return thread;
        });
        table.whenChanged(this::changed);
        executor.scheduleWithFixedDelay(this::purge, 1, 1, TimeUnit.SECONDS);
    }

    /** Called on an event loop: must never throw, and never queue more than one save. */
    private void changed() {
        dirty.set(true);
        if (file.isPresent() && !executor.isShutdown() && savePending.compareAndSet(false, true)) {
            try {
                executor.schedule(this::save, DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                savePending.set(false); // shutting down: close() saves what is dirty
            }
        }
    }

    private void purge() {
        try {
            table.purgeExpired();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "ban table purge failed", e);
        }
    }

    private void save() {
        savePending.set(false);
        if (file.isEmpty() || !dirty.getAndSet(false)) {
            return;
        }
        try {
            file.get().write(table.list());
            counters.increment(Counter.BAN_STATE_SAVES);
        } catch (IOException | RuntimeException e) {
            counters.increment(Counter.BAN_STATE_SAVE_FAILURES);
            long now = System.nanoTime();
            if (lastFailureLogged == 0 || now - lastFailureLogged > 60_000_000_000L) {
                lastFailureLogged = now;
                LOG.log(System.Logger.Level.ERROR, "cannot save bans to " + file.get().path() + ": " + e);
            }
            dirty.set(true);
            if (!executor.isShutdown() && savePending.compareAndSet(false, true)) {
                executor.schedule(this::save, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Waits for a pending save, then saves once more if anything changed since. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        if (dirty.get()) {
            save();
        }
    }
}

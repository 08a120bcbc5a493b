package org.sbc.core.events;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sbc.core.config.CallRecordsConfig;
import org.sbc.core.events.syslog.SyslogSink;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Writes call records as JSON lines to {@code call_records.file} on a thread of its own: the
 * shard that ends a call only offers its record to a bounded queue, and a full queue (a disk
 * that stalls) costs a counted, dropped record, never a waiting event loop. The file is rotated
 * past its size, {@code calls.jsonl} to {@code calls.jsonl.1} and so on, keeping
 * {@code call_records.keep} old ones.
 */
public final class CallRecordFile implements AutoCloseable {

    private static final Logger LOGGER = System.getLogger(CallRecordFile.class.getName());

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final Counters counters;
    /** A record and the outside party's country (GeoIP), looked up when the call ended. */
    private record Entry(CallRecord record, Optional<String> country) {}

    private final BlockingQueue<Entry> queue;
    /** call_records.syslog: a copy of each line written; used by the writer thread only. */
    private final SyslogSink syslog;
    private final Thread writer;
    private volatile boolean closing;
    private OutputStream out;
    private long written;
    /** When the last write failure was logged (the writer thread's own, so no lock). */
    private long lastWarned;
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private CallRecordFile(CallRecordsConfig config, Path file, Counters counters, SyslogSink syslog) {
        this.file = file;
        this.syslog = syslog;
        this.maxBytes = config.maxMegabytes() * 1024L * 1024L;
        this.keep = config.keep();
        this.counters = counters;
        this.queue = new ArrayBlockingQueue<>(config.queue());
        this.writer = new Thread(this::run, "sbc-call-records");
        this.writer.setDaemon(true);
    }

    /** The writer for {@code config}, started, or null when call records are off. */
    public static CallRecordFile start(CallRecordsConfig config, Counters counters) throws IOException {
        if (config.file().isEmpty()) {
            return null;
        }
        Path file = config.file().get();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        SyslogSink syslog = config.syslog().map(sink -> SyslogSink.open(sink, counters, "-")).orElse(null);
        CallRecordFile records = new CallRecordFile(config, file, counters, syslog);
        try {
            records.open(); // fails the start when the file cannot be written, not the first call
        } catch (IOException e) {
            if (syslog != null) {
                syslog.close();
            }
            throw e;
        }
        records.writer.start();
        return records;
    }

    /**
     * Never blocks: a record that finds the queue full is counted and dropped.
     *
     * @param country the outside party's country, when GeoIP knows it
     */
    public void offer(CallRecord record, Optional<String> country) {
        if (!queue.offer(new Entry(record, country))) {
            counters.increment(Counter.CALL_RECORDS_DROPPED);
        }
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        written = Files.size(file);
    }

    private void run() {
        while (!closing || !queue.isEmpty()) {
            try {
                Entry entry = queue.poll(200, TimeUnit.MILLISECONDS);
                if (entry != null) {
                    write(entry);
                }
            } catch (InterruptedException e) {
                closing = true;
            }
        }
        closeQuietly();
    }

    private void write(Entry entry) {
        String json = CallRecordJson.line(entry.record(), entry.country());
        // The copy never waits: UDP sends at once, a stream sender buffers for its own thread.
        if (syslog != null && !syslog.sendInformational(entry.record().time(), "CALL_RECORD", json)) {
            counters.increment(Counter.CALL_RECORD_SYSLOG_FAILURES);
        }
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (written > 0 && written + line.length > maxBytes) {
                rotate();
            }
            out.write(line);
            if (queue.isEmpty()) {
                out.flush(); // a burst is written together; a quiet moment reaches the disk at once
            }
            written += line.length;
            counters.increment(Counter.CALL_RECORDS_WRITTEN);
        } catch (IOException e) {
            counters.increment(Counter.CALL_RECORD_WRITE_FAILURES);
            // A failing disk fails every record: one line a minute says so, the counter counts them all.
            long now = System.nanoTime();
            if (lastWarned == 0 || now - lastWarned > WARN_EVERY_NANOS) {
                lastWarned = now;
                LOGGER.log(Level.WARNING, "call records: cannot write " + file + ": " + e.getClass().getSimpleName()
                        + " (further failures are counted in sbc_call_record_write_failures_total, logged once a minute)");
            }
        }
    }

    private void rotate() throws IOException {
        out.close();
        for (int i = keep; i >= 1; i--) {
            Path older = Path.of(file + "." + i);
            Path newer = i == 1 ? file : Path.of(file + "." + (i - 1));
            if (i == keep) {
                Files.deleteIfExists(older);
            }
            if (Files.exists(newer)) {
                Files.move(newer, older, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (keep == 0) {
            Files.deleteIfExists(file);
        }
        open();
    }

    private void closeQuietly() {
        if (syslog != null) {
            syslog.close();
        }
        try {
            out.close();
        } catch (IOException e) {
            counters.increment(Counter.CALL_RECORD_WRITE_FAILURES);
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

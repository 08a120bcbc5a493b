package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code call_records:}: one JSON line per ended call in {@code file} (off without it), the
 * file rotated past {@code maxMegabytes} keeping {@code keep} old ones, at most {@code queue}
 * records waiting for the disk (more are counted and dropped, never waited for); a copy of each
 * record to {@code syslog} (the JSON line as the message), when given.
 */
public record CallRecordsConfig(Optional<Path> file, int maxMegabytes, int keep, int queue,
        Optional<SyslogSinkConfig> syslog) {

    public static final CallRecordsConfig DEFAULT = new CallRecordsConfig(Optional.empty(), 100, 5, 10_000);

    public CallRecordsConfig(Optional<Path> file, int maxMegabytes, int keep, int queue) {
        this(file, maxMegabytes, keep, queue, Optional.empty());
    }

    public CallRecordsConfig {
        requireNonNull(file, "file");
        requireNonNull(syslog, "syslog");
        if (syslog.isPresent() && file.isEmpty()) {
            throw new IllegalArgumentException("call_records.syslog without call_records.file");
        }
        if (maxMegabytes < 1 || keep < 0 || queue < 1) {
            throw new IllegalArgumentException("call_records: " + maxMegabytes + " MB, keep " + keep + ", queue " + queue);
        }
    }
}

package org.sbc.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads the {@code call_records:} section. */
final class CallRecordsSectionReader {

    static final List<String> KEYS = List.of("file", "max_megabytes", "keep", "queue");

    private CallRecordsSectionReader() {}

    static CallRecordsConfig read(Optional<YamlMapping> section, Path baseDir) {
        CallRecordsConfig d = CallRecordsConfig.DEFAULT;
        if (section.isEmpty()) {
            return d;
        }
        YamlMapping s = section.get();
        Optional<Path> file = s.parsed("file", "/var/lib/sbc/calls.jsonl", text -> ConfigPaths.resolve(baseDir, text))
                .map(Located::value);
        int maxMegabytes = s.integer("max_megabytes", 1, 100_000).map(Located::value).orElse(d.maxMegabytes());
        int keep = s.integer("keep", 0, 1_000).map(Located::value).orElse(d.keep());
        int queue = s.integer("queue", 1, 1_000_000).map(Located::value).orElse(d.queue());
        return new CallRecordsConfig(file, maxMegabytes, keep, queue);
    }
}

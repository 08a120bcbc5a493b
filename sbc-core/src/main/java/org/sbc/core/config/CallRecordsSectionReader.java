package org.sbc.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.ConfigPaths;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.YamlMapping;

/** Reads the {@code call_records:} section. */
final class CallRecordsSectionReader {

    static final List<String> KEYS = List.of("file", "max_megabytes", "keep", "queue", "syslog");
    /** A security-events syslog entry but for {@code format}: the message is always the record's JSON line. */
    static final List<String> SYSLOG_KEYS = EventsConfigReader.SINK_KEYS.stream().filter(k -> !k.equals("format"))
            .toList();

    private CallRecordsSectionReader() {}

    static CallRecordsConfig read(Optional<YamlMapping> section, ConfigErrors errors, Path baseDir) {
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
        Optional<SyslogSinkConfig> syslog = s.value("syslog").flatMap(node -> EventsConfigReader.sink(node,
                YamlMapping.of(node, s.pathOf("syslog"), errors, SYSLOG_KEYS), errors));
        if (syslog.isPresent() && s.value("file").isEmpty()) {
            errors.add(s.value("syslog").orElseThrow(), s.pathOf("syslog"), "a copy of records that are not kept"
                    + " (expected: call_records.file as well; syslog gets a copy of each record written there)");
            syslog = Optional.empty();
        }
        return new CallRecordsConfig(file, maxMegabytes, keep, queue, syslog);
    }
}

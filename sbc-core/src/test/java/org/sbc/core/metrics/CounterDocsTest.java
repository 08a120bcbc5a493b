package org.sbc.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/counters.md lists exactly the counters the code declares (labelled families included), so the docs cannot drift. */
class CounterDocsTest {

    @Test
    void docsListEveryCounterAndNoOther() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "counters.md"));
        Matcher m = Pattern.compile("`(sbc_[a-z0-9_]+_total)`").matcher(docs);
        Set<String> documented = new java.util.TreeSet<>();
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> declared = Arrays.stream(Counter.values()).map(Counter::metricName)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        // The labelled counter families too: every sbc_ counter /metrics declares.
        for (String line : new Counters().toPrometheusText().split("\n")) {
            if (line.startsWith("# TYPE sbc_") && line.endsWith(" counter")) {
                declared.add(line.split(" ")[2]);
            }
        }
        assertTrue(declared.size() > 10);
        assertEquals(declared, documented);
    }
}

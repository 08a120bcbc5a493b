package org.sbc.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CountersTest {

    private static final Pattern PROMETHEUS_NAME = Pattern.compile("sbc_[a-z0-9_]+_total");

    private final Counters counters = new Counters();

    private List<String> lines() {
        return Arrays.asList(counters.toPrometheusText().split("\n"));
    }

    private long linesStartingWith(String prefix) {
        return lines().stream().filter(line -> line.startsWith(prefix)).count();
    }

    @ParameterizedTest
    @EnumSource(Counter.class)
    void everyCounterHasOneLineOfHelpText(Counter counter) {
        assertFalse(counter.help().isBlank());
        assertFalse(counter.help().contains("\n") || counter.help().contains("\\"), counter.help());
    }

    @ParameterizedTest
    @EnumSource(Counter.class)
    void everyCounterHasAPrometheusCounterName(Counter counter) {
        assertTrue(PROMETHEUS_NAME.matcher(counter.metricName()).matches(), counter.metricName());
    }

    @ParameterizedTest
    @EnumSource(Counter.class)
    void exposesEveryCounterExactlyOnceWithHelpTypeAndValue(Counter counter) {
        String name = counter.metricName();

        assertEquals(1, linesStartingWith("# HELP " + name + " "));
        assertTrue(lines().contains("# HELP " + name + " " + counter.help()));
        assertEquals(1, linesStartingWith("# TYPE " + name + " "));
        assertTrue(lines().contains("# TYPE " + name + " counter"));
        assertEquals(1, linesStartingWith(name + " "));
        assertTrue(lines().contains(name + " 0"));
    }

    @Test
    void exposesOnlySamplesOfDeclaredFamilies() {
        java.util.Set<String> families = new java.util.HashSet<>();
        for (String line : lines()) {
            if (line.startsWith("# TYPE ")) {
                assertTrue(families.add(line.split(" ")[2]), "declared twice: " + line);
            } else if (!line.startsWith("# HELP ")) {
                String name = line.split("[ {]", 2)[0];
                assertTrue(families.contains(name) || families.contains(name.replaceAll("_(bucket|sum|count)$", "")),
                        "a sample of no declared family: " + line);
            }
        }
        assertTrue(families.containsAll(List.of("sbc_edge_verdicts_total", "sbc_message_handling_seconds",
                "process_cpu_seconds_total", "jvm_memory_used_bytes")), families.toString());
        assertTrue(counters.toPrometheusText().endsWith("\n"));
    }

    @Test
    void labelsFamiliesAndKeepsThemBounded() {
        counters.verdict("sanity", "answer");
        counters.verdict("sanity", "answer");
        counters.verdict("auth", "pass");
        for (int i = 0; i < 300; i++) {
            counters.listenerMessage("udp", "127.0.0." + i + ":5060", true);
        }
        counters.listenerMessage("tcp", "a\"b\\c\nd", false);

        assertTrue(lines().contains("sbc_edge_verdicts_total{step=\"sanity\",verdict=\"answer\"} 2"), lines().toString());
        assertTrue(lines().contains("sbc_edge_verdicts_total{step=\"auth\",verdict=\"pass\"} 1"));
        assertEquals(257, linesStartingWith("sbc_listener_messages_total{"), "256 series and the overflow");
        assertTrue(lines().contains("sbc_listener_messages_total{transport=\"other\",listener=\"other\",result=\"other\"} 45"),
                lines().toString());
    }

    @Test
    void writesCumulativeHistogramBuckets() {
        counters.messageHandling().observeNanos(50_000);        // 50 µs
        counters.messageHandling().observeNanos(3_000_000);     // 3 ms
        counters.messageHandling().observeNanos(60_000_000_000L); // a minute: only +Inf

        assertTrue(lines().contains("sbc_message_handling_seconds_bucket{le=\"0.0001\"} 1"), lines().toString());
        assertTrue(lines().contains("sbc_message_handling_seconds_bucket{le=\"0.005\"} 2"));
        assertTrue(lines().contains("sbc_message_handling_seconds_bucket{le=\"10\"} 2"));
        assertTrue(lines().contains("sbc_message_handling_seconds_bucket{le=\"+Inf\"} 3"));
        assertTrue(lines().contains("sbc_message_handling_seconds_count 3"));
    }

    @Test
    void readsGaugesAtEveryScrape() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger(3);
        counters.gauge("sbc_calls_active", "calls up", calls::get);
        assertTrue(lines().contains("sbc_calls_active 3"));
        calls.set(5);
        assertTrue(lines().contains("sbc_calls_active 5"));
    }

    @Test
    void countsEachCounterSeparately() {
        counters.increment(Counter.MALFORMED_DROPPED);
        counters.increment(Counter.MALFORMED_DROPPED);
        counters.increment(Counter.RESPONSES_SENT);

        assertEquals(2, counters.get(Counter.MALFORMED_DROPPED));
        assertEquals(1, counters.get(Counter.RESPONSES_SENT));
        assertEquals(0, counters.get(Counter.MALFORMED_ANSWERED));
        assertTrue(lines().contains("sbc_malformed_dropped_total 2"));
        assertTrue(lines().contains("sbc_responses_sent_total 1"));
    }
}

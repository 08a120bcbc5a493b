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
    void exposesNothingButTheCounters() {
        assertEquals(3 * Counter.values().length, lines().size());
        assertTrue(counters.toPrometheusText().endsWith("\n"));
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

package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.json.JsonText;

/**
 * {@code /metrics} of a real server that has handled traffic, checked by Prometheus's own
 * linter ({@code promtool check metrics}, Debian's prometheus package), and the labelled
 * families operators slice by.
 */
class PrometheusIT {

    private static final String IP = "127.0.17.21";

    @Test
    void metricsPassPromtoolAndCarryLabels() throws Exception {
        Tools.require("promtool", "prometheus");
        try (SbcServer server = TestServers.start(IP, 18721);
                SipClient phone = new SipClient("127.0.17.22", new InetSocketAddress(IP, 5060))) {
            for (int i = 0; i < 5; i++) {
                phone.send(phone.optionsFromHere("prom-" + i).getBytes(StandardCharsets.US_ASCII));
                Optional<String> answer = phone.receive(2_000);
                assertTrue(answer.isPresent() && answer.get().startsWith("SIP/2.0 200"), "OPTIONS " + i + ": " + answer);
            }
            phone.send("GARBAGE / SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            AdminHttp admin = new AdminHttp(server.adminAddress());
            String metrics = awaitMetrics(admin, "sbc_edge_verdicts_total{step=\"options\",verdict=\"answer\"} 5");

            assertTrue(metrics.contains("sbc_listener_messages_total{transport=\"udp\",listener=\"" + IP
                    + ":5060\",result=\"parsed\"} 5"), metrics);
            assertTrue(metrics.contains("sbc_edge_verdicts_total{step=\"sanity\",verdict=\"pass\"} 5"), metrics);
            assertTrue(metrics.contains("sbc_message_handling_seconds_count 5"), metrics);
            assertTrue(metrics.contains("\nsbc_calls_active 0\n"), metrics);
            assertTrue(metrics.contains("\nprocess_cpu_seconds_total "), metrics);

            Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
            promtool.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
            promtool.getOutputStream().close();
            String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
            assertEquals(0, promtool.exitValue(), "promtool check metrics: " + said);
            assertEquals("", said.trim(), "promtool found problems");
            assertDashboardQueriesOnly(metrics);
        }
    }

    /** examples/grafana's dashboard queries only metrics this server exports, so it cannot drift. */
    private static void assertDashboardQueriesOnly(String metrics) throws Exception {
        Set<String> families = new HashSet<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                families.add(line.split(" ")[2]);
            }
        }
        List<String> exprs = new ArrayList<>();
        collectExprs(JsonText.parse(Files.readString(Path.of("..", "examples", "grafana", "sbc-dashboard.json"))), exprs);
        assertTrue(exprs.size() >= 10, "the dashboard has its queries: " + exprs);
        Matcher metric = Pattern.compile("\\b((?:sbc|process|jvm)_[a-z0-9_]+)").matcher(String.join("\n", exprs));
        while (metric.find()) {
            String name = metric.group(1);
            boolean regexOverEventTypes = name.equals("sbc_security_events_");
            assertTrue(regexOverEventTypes || families.contains(name) || families.contains(name.replaceAll("_bucket$", "")),
                    "the dashboard queries " + name + ", which the SBC does not export");
        }
        assertTrue(families.stream().anyMatch(f -> f.matches("sbc_security_events_.+_total")));
    }

    private static void collectExprs(Object node, List<String> exprs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("expr".equals(key) && value instanceof String expr) {
                    exprs.add(expr);
                } else {
                    collectExprs(value, exprs);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectExprs(item, exprs));
        }
    }

    private static String awaitMetrics(AdminHttp admin, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = admin.get("/metrics").body();
            if (metrics.contains(expected)) {
                return metrics;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("/metrics never showed " + expected + ":\n" + metrics);
    }
}

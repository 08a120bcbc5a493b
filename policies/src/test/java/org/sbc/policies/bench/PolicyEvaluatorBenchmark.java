package org.sbc.policies.bench;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sbc.policies.Decision;
import org.sbc.policies.PolicyEvaluator;
import org.sbc.policies.PolicyInput;
import org.sbc.policies.PolicyLoader;

/**
 * Issue 10's figure for the evaluator: the cost of one INVITE through the remote-workers example
 * plus N generated rules (10, 100, 1,000), goal at most 5 µs at 1,000. The generated rules are
 * INVITE rules on distinct Request-URI prefixes that the probes never dial, so every probe walks
 * all of them and reaches the example's own rules: the worst case for a first-match list. Run with
 * {@code mvn -B -o -pl policies -Pjmh process-test-classes} (docs/benchmarks.md); never in a build.
 *
 * <p>Probes rotate through registered and unregistered callers and national, premium and
 * international numbers, so the branch predictor cannot learn one path.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class PolicyEvaluatorBenchmark {

    @Param({"10", "100", "1000"})
    public int generated;

    private PolicyEvaluator evaluator;
    private PolicyInput[] probes;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StringBuilder rules = new StringBuilder("rules:\n");
        for (int i = 0; i < generated; i++) {
            rules.append("  - id: generated-").append(i).append('\n')
                    .append("    match: { method: INVITE, ruri_user: { prefix: \"7").append(String.format("%05d", i))
                    .append("\" } }\n")
                    .append("    action: { reject: 403 }\n");
        }
        Path example = Path.of("..", "examples", "policies", "remote-workers.yaml");
        evaluator = PolicyEvaluator.of(PolicyLoader.parse(List.of(
                new PolicyLoader.Source("generated.yaml", rules.toString()),
                new PolicyLoader.Source(example.toString(), Files.readString(example)))).policy());
        String[] numbers = {"0301234567", "0900123456", "00431234567", "0033123456", "+4989123456"};
        probes = new PolicyInput[64];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = PolicyInput.builder()
                    .method("INVITE")
                    .source(InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, (byte) i}))
                    .ruriUser(numbers[i % numbers.length])
                    .ruriHost("sbc.example.com")
                    .fromUser("user" + (i % 7))
                    .fromDomain("sbc.example.com")
                    .userAgent("Yealink SIP-T46S 66.86")
                    .authenticatedUser("user" + (i % 7))
                    .registered(i % 3 != 0)
                    .time(Instant.parse("2026-03-02T10:00:00Z"))
                    .build();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Decision evaluateInvite() {
        PolicyInput probe = probes[next++ & (probes.length - 1)];
        return evaluator.evaluate(probe);
    }
}

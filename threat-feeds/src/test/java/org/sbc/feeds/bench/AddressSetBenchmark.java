package org.sbc.feeds.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;
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
import org.sbc.feeds.AddressSet;
import org.sbc.feeds.feed.FeedFormat;
import org.sbc.feeds.feed.FeedParser;

/**
 * The figures for the threat-feed address set: lookup time in a set of 1,000,000
 * entries, and the time to build one, from ranges and from a feed's text. Run with
 * {@code mvn -B -o -q -pl threat-feeds -Pjmh test-compile exec:exec} (docs/benchmarks.md).
 *
 * <p>The entries are random and distinct, so merging does not shrink the set and each lookup
 * searches a full million (20 steps). Probes are half listed addresses, half random ones, read
 * from an array in turn so the branch predictor cannot learn one answer.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class AddressSetBenchmark {

    static final int ENTRIES = 1_000_000;
    static final int PROBES = 4096;

    @Param({"ipv4", "ipv6"})
    public String family;

    private AddressSet set;
    private byte[][] probes;
    private int next;

    private int[] v4;
    private long[] v6;
    private byte[] plainFeed;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        v4 = new int[ENTRIES];
        v6 = new long[ENTRIES * 2];
        AddressSet.Builder builder = AddressSet.builder(ENTRIES);
        StringBuilder text = new StringBuilder(ENTRIES * 16);
        for (int i = 0; i < ENTRIES; i++) {
            v4[i] = random.nextInt();
            v6[2 * i] = 0x2001_0db8_0000_0000L | (random.nextLong() >>> 32);
            v6[2 * i + 1] = random.nextLong();
            if (family.equals("ipv4")) {
                builder.addIpv4Range(v4[i], v4[i]);
                int a = v4[i];
                text.append(a >>> 24).append('.').append(a >>> 16 & 0xff).append('.')
                        .append(a >>> 8 & 0xff).append('.').append(a & 0xff).append('\n');
            } else {
                builder.addIpv6Range(v6[2 * i], v6[2 * i + 1], v6[2 * i], v6[2 * i + 1]);
                text.append(hex(v6[2 * i])).append(':').append(hex(v6[2 * i + 1])).append('\n');
            }
        }
        set = builder.build();
        plainFeed = text.toString().getBytes(StandardCharsets.US_ASCII);
        probes = new byte[PROBES][];
        for (int i = 0; i < PROBES; i++) {
            int pick = random.nextInt(ENTRIES);
            boolean listed = i % 2 == 0;
            if (family.equals("ipv4")) {
                int address = listed ? v4[pick] : random.nextInt();
                probes[i] = new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
            } else {
                long hi = listed ? v6[2 * pick] : v6[2 * pick] ^ 1;
                long lo = listed ? v6[2 * pick + 1] : random.nextLong();
                probes[i] = new byte[16];
                for (int b = 0; b < 8; b++) {
                    probes[i][b] = (byte) (hi >>> (56 - 8 * b));
                    probes[i][8 + b] = (byte) (lo >>> (56 - 8 * b));
                }
            }
        }
        System.out.printf("%n[address-set] %s: %d entries, %d+%d ranges, %d array bytes, %.1f bytes/entry%n",
                family, set.entries(), set.ipv4Ranges(), set.ipv6Ranges(), set.arrayBytes(),
                (double) set.arrayBytes() / set.entries());
    }

    private static String hex(long half) {
        return String.format("%x:%x:%x:%x", half >>> 48, half >>> 32 & 0xffff, half >>> 16 & 0xffff, half & 0xffff);
    }

    /** One lookup of a 4- or 16-byte address in the million-entry set. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean lookup() {
        byte[] probe = probes[next++ & (PROBES - 1)];
        return set.contains(probe);
    }

    /** Sorting and merging a million ranges (the builder's part of a refresh). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public AddressSet buildFromRanges() {
        AddressSet.Builder builder = AddressSet.builder(ENTRIES);
        for (int i = 0; i < ENTRIES; i++) {
            if (family.equals("ipv4")) {
                builder.addIpv4Range(v4[i], v4[i]);
            } else {
                builder.addIpv6Range(v6[2 * i], v6[2 * i + 1], v6[2 * i], v6[2 * i + 1]);
            }
        }
        return builder.build();
    }

    /** A whole refresh's CPU: a million-line plain feed parsed (IP literals, no DNS) and built. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public FeedParser.Result parsePlainFeed() {
        return FeedParser.of(FeedFormat.PLAIN, null, ENTRIES).parse(plainFeed);
    }
}

package org.sbc.core.b2bua;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SbcConfig;

/**
 * The CPU and allocation of one call through the B2BUA, in process and on one thread: rounds of
 * calls played by {@link CallPathWarmUp} (INVITE with SDP, 100, 180, 200, ACK, BYE, 200; the
 * caller and the PBX played from what the SBC sends them, over embedded channels), each round
 * timed by the thread's CPU clock and allocation counter. No sockets, no load generator sharing
 * the cores, no event loop: what is left is the Java work of a call, which is what a change to the
 * message path changes, measured with a spread of a few percent where the socket benchmark's is
 * ten. The figures include the played caller's and PBX's work (building, encoding and decoding
 * their side of each message), which is the same for any two builds compared.
 *
 * <p>Run by {@code bench/callpath.sh}; not a test (nothing here asserts).
 */
public final class CallPathBench {

    private CallPathBench() {}

    /** Arguments: calls per round, rounds, warm-up rounds, and optionally a config file. */
    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int warmRounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        SbcConfig config = args.length > 3 ? ConfigLoader.load(Path.of(args[3])) : SbcConfig.defaults();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long thread = Thread.currentThread().getId();
        double[] cpu = new double[rounds];
        double[] process = new double[rounds];
        double[] allocated = new double[rounds];
        System.out.println("round calls thread_cpu_us_per_call process_cpu_us_per_call allocated_kb_per_call");
        for (int round = -warmRounds; round < rounds; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long process0 = os.getProcessCpuTime();
            long bytes0 = threads.getThreadAllocatedBytes(thread);
            int played = CallPathWarmUp.calls(config, Long.MAX_VALUE, calls);
            if (played == 0) {
                throw new IllegalArgumentException("no call played: the warm-up's calls reach the PBX over UDP only,"
                        + " and this config's PBX is over " + config.pbx().transport());
            }
            double perCall = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / played;
            double processPerCall = (os.getProcessCpuTime() - process0) / 1e3 / played;
            double kb = (threads.getThreadAllocatedBytes(thread) - bytes0) / 1024.0 / played;
            System.out.printf("%s %d %.1f %.1f %.1f%n", round < 0 ? "warm" : Integer.toString(round + 1), played,
                    perCall, processPerCall, kb);
            if (round >= 0) {
                cpu[round] = perCall;
                process[round] = processPerCall;
                allocated[round] = kb;
            }
        }
        System.out.printf("median %d %.1f %.1f %.1f%n", calls, median(cpu), median(process), median(allocated));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

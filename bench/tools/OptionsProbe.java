import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A monitoring probe, as an operator's Nagios or a phone's keep-alive would send: one OPTIONS to
 * the server every INTERVAL ms for SECONDS, each waited for up to 2 s. Prints the latency of the
 * answered ones (p50, p99, max, in ms), how many went unanswered, and the p99 and max of those sent
 * after the first SETTLE_MS (a flood that starts with the probe finds code the JIT has not
 * compiled yet: the settled figures separate that from the steady state). The slow ones (100 ms
 * or more) go to stderr with the time they were sent. Loopback targets only.
 *
 * <p>Usage: {@code java bench/tools/OptionsProbe.java SOURCE_IP TARGET_IP:PORT SECONDS [INTERVAL_MS [SETTLE_MS]]}
 */
public final class OptionsProbe {

    public static void main(String[] args) throws Exception {
        InetAddress source = InetAddress.getByName(args[0]);
        String[] hostPort = args[1].split(":");
        InetAddress targetIp = InetAddress.getByName(hostPort[0]);
        if (!targetIp.isLoopbackAddress() || !source.isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback only");
        }
        InetSocketAddress target = new InetSocketAddress(targetIp, Integer.parseInt(hostPort[1]));
        int seconds = Integer.parseInt(args[2]);
        int interval = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        long settleNanos = (args.length > 4 ? Long.parseLong(args[4]) : 3_000) * 1_000_000L;
        long start = System.nanoTime();
        List<Double> latencies = new ArrayList<>();
        List<Double> settled = new ArrayList<>();
        int lost = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
            byte[] buffer = new byte[65_536];
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            for (int n = 0; System.nanoTime() < end; n++) {
                long due = System.nanoTime() + interval * 1_000_000L;
                String callId = "probe-" + n + "-" + System.nanoTime();
                byte[] options = options(socket, target, callId, n).getBytes(StandardCharsets.US_ASCII);
                long sent = System.nanoTime();
                socket.send(new DatagramPacket(options, options.length, target));
                boolean answered = false;
                long deadline = sent + 2_000_000_000L;
                while (!answered && System.nanoTime() < deadline) {
                    socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
                    if (text.startsWith("SIP/2.0 ") && !text.startsWith("SIP/2.0 1") && text.contains(callId)) {
                        double ms = (System.nanoTime() - sent) / 1e6;
                        latencies.add(ms);
                        if (sent - start >= settleNanos) {
                            settled.add(ms);
                        }
                        answered = true;
                        if (ms >= 100) { // the slow ones, with when they were sent, to set beside a GC log
                            System.err.printf("slow probe at %d ms since the epoch: %.1f ms%n",
                                    System.currentTimeMillis() - (long) ms, ms);
                        }
                    }
                }
                if (!answered) {
                    lost++;
                }
                long wait = (due - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
        }
        Collections.sort(latencies);
        Collections.sort(settled);
        System.out.printf("probes=%d answered=%d lost=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f settled_p99_ms=%.1f settled_max_ms=%.1f%n",
                latencies.size() + lost, latencies.size(), lost, percentile(latencies, 50), percentile(latencies, 99),
                latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1), percentile(settled, 99),
                settled.isEmpty() ? Double.NaN : settled.get(settled.size() - 1));
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String options(DatagramSocket socket, InetSocketAddress target, String callId, int n) {
        String local = socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
        String to = target.getAddress().getHostAddress() + ":" + target.getPort();
        return "OPTIONS sip:" + to + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK-" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@" + local + ">;tag=" + callId + "\r\n"
                + "To: <sip:" + to + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + (n + 1) + " OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}

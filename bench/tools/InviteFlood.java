import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A distributed INVITE flood on loopback, as a botnet sends it: many sources, each in its own
 * /24 (250 per /16, over as many /16s as it takes), each INVITE with a new Call-ID, so no
 * source and no prefix crosses a per-source limit while the total does. It never ACKs, like an
 * attacker. Stops by itself after the given seconds; sends only to a 127.0.0.0/8 target.
 *
 * <p>Usage: {@code java bench/tools/InviteFlood.java TARGET_IP:PORT SOURCES RATE SECONDS [FIRST_OCTET]}
 * (sources are 127.FIRST+i/250.i%250.1, FIRST_OCTET defaulting to 30). Prints one line:
 * {@code sent=N answered=N 100=N 503=N ...}.
 */
public final class InviteFlood {

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: InviteFlood TARGET_IP:PORT SOURCES RATE SECONDS [FIRST_OCTET]");
            System.exit(2);
        }
        String[] hostPort = args[0].split(":");
        InetAddress targetIp = InetAddress.getByName(hostPort[0]);
        if (!targetIp.isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback targets only: " + targetIp);
        }
        InetSocketAddress target = new InetSocketAddress(targetIp, Integer.parseInt(hostPort[1]));
        int sources = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int firstOctet = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        if (sources < 1 || sources > 250 * (255 - firstOctet) || rate < 1 || seconds < 1 || seconds > 3_600) {
            throw new IllegalArgumentException("sources, rate or seconds out of range");
        }
        Selector selector = Selector.open();
        List<DatagramChannel> channels = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            InetAddress source = InetAddress.getByName("127." + (firstOctet + i / 250) + "." + (i % 250) + ".1");
            DatagramChannel channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(source, 0));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            channels.add(channel);
        }
        AtomicLongArray byStatus = new AtomicLongArray(700);
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread reader = new Thread(() -> read(selector, byStatus, sending), "flood-reader");
        reader.start();

        long sent = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        ByteBuffer buffer = ByteBuffer.allocate(2_048);
        long sequence = 0;
        while (System.nanoTime() < end) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            while (sent < due) {
                DatagramChannel channel = channels.get((int) (sent % sources));
                InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
                buffer.clear();
                buffer.put(invite(local, target, sequence++).getBytes(StandardCharsets.US_ASCII));
                buffer.flip();
                channel.send(buffer, target);
                sent++;
            }
            Thread.sleep(1);
        }
        // answers to the last INVITEs are still on their way: give them a bounded moment
        Thread.sleep(1_000);
        sending.set(false);
        reader.join(5_000);
        StringBuilder line = new StringBuilder("sent=").append(sent);
        long answered = 0;
        Map<Integer, Long> counts = new TreeMap<>();
        for (int status = 100; status < 700; status++) {
            long count = byStatus.get(status);
            if (count > 0) {
                counts.put(status, count);
                if (status >= 200) {
                    answered += count;
                }
            }
        }
        line.append(" final_answers=").append(answered);
        counts.forEach((status, count) -> line.append(' ').append(status).append('=').append(count));
        System.out.println(line);
        for (DatagramChannel channel : channels) {
            channel.close();
        }
        selector.close();
    }

    private static void read(Selector selector, AtomicLongArray byStatus, AtomicBoolean sending) {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        try {
            while (sending.get()) {
                if (selector.select(100) == 0) {
                    continue;
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    buffer.clear();
                    while (channel.receive(buffer) != null) {
                        buffer.flip();
                        if (buffer.remaining() > 12 && buffer.get(0) == 'S' && buffer.get(1) == 'I') {
                            int status = (buffer.get(8) - '0') * 100 + (buffer.get(9) - '0') * 10 + (buffer.get(10) - '0');
                            if (status >= 100 && status < 700) {
                                byStatus.incrementAndGet(status);
                            }
                        }
                        buffer.clear();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String invite(InetSocketAddress local, InetSocketAddress target, long sequence) {
        String from = local.getAddress().getHostAddress();
        String to = target.getAddress().getHostAddress() + ":" + target.getPort();
        String id = Long.toString(sequence, 36) + "-" + Long.toHexString(System.nanoTime());
        return "INVITE sip:100@" + to + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + from + ":" + local.getPort() + ";branch=z9hG4bK-" + id + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:bot@" + from + ">;tag=" + id + "\r\n"
                + "To: <sip:100@" + to + ">\r\n"
                + "Call-ID: " + id + "@" + from + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:bot@" + from + ":" + local.getPort() + ">\r\n"
                + "User-Agent: flood\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}

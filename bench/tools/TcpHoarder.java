import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP connection hoarder on loopback: SOURCES addresses, one /24 each, spread over four /16s
 * (127.FIRST+i%4.i/4.1)
 * open PER_SOURCE connections each and send nothing; whatever the server closes is opened again,
 * for SECONDS. Prints how many connections were opened, how many the server closed, and how many
 * were open at the end. Stops by itself; connects only to a 127.0.0.0/8 target.
 *
 * <p>Usage: {@code java bench/tools/TcpHoarder.java TARGET_IP:PORT SOURCES PER_SOURCE SECONDS [FIRST_OCTET]}
 */
public final class TcpHoarder {

    public static void main(String[] args) throws Exception {
        String[] hostPort = args[0].split(":");
        InetAddress targetIp = InetAddress.getByName(hostPort[0]);
        if (!targetIp.isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback targets only: " + targetIp);
        }
        InetSocketAddress target = new InetSocketAddress(targetIp, Integer.parseInt(hostPort[1]));
        int sources = Integer.parseInt(args[1]);
        int perSource = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int firstOctet = args.length > 4 ? Integer.parseInt(args[4]) : 40;
        if (sources < 1 || sources > 1_000 || perSource < 1 || (long) sources * perSource > 20_000 || seconds < 1 || seconds > 3_600) {
            throw new IllegalArgumentException("at most 20,000 connections and an hour");
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            addresses.add(InetAddress.getByName("127." + (firstOctet + i % 4) + "." + (i / 4 % 250) + ".1"));
        }
        Selector selector = Selector.open();
        long opened = 0;
        long closedByServer = 0;
        long refused = 0;
        for (InetAddress address : addresses) {
            for (int n = 0; n < perSource; n++) {
                if (open(selector, address, target)) {
                    opened++;
                } else {
                    refused++;
                }
            }
        }
        ByteBuffer sink = ByteBuffer.allocate(4_096);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                InetAddress source = (InetAddress) key.attachment();
                boolean gone;
                try {
                    sink.clear();
                    gone = channel.read(sink) < 0;
                } catch (IOException reset) {
                    gone = true;
                }
                if (gone) {
                    closedByServer++;
                    key.cancel();
                    channel.close();
                    if (open(selector, source, target)) {
                        opened++;
                    } else {
                        refused++;
                    }
                }
            }
            selector.selectedKeys().clear();
        }
        int open = selector.keys().size();
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
        System.out.printf("opened=%d closed_by_server=%d connect_failed=%d open_at_end=%d%n", opened, closedByServer,
                refused, open);
    }

    private static boolean open(Selector selector, InetAddress source, InetSocketAddress target) {
        try {
            SocketChannel channel = SocketChannel.open();
            channel.bind(new InetSocketAddress(source, 0));
            channel.socket().connect(target, 1_000);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, source);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

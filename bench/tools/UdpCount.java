import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The loopback UDP receive ceiling: receives datagrams and only counts them, for a number of
 * seconds after the first one arrives; prints the count per second.
 *
 * Usage: java UdpCount.java LOCAL_IP PORT SECONDS
 */
public class UdpCount {
    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[2]);
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            channel.bind(new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1])));
            ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
            channel.configureBlocking(false);
            System.out.println("ready");
            long giveUp = System.nanoTime() + 30_000_000_000L;
            while (channel.receive(buffer) == null) {
                if (System.nanoTime() > giveUp) {
                    System.out.println("nothing received in 30 s");
                    return;
                }
            }
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long received = 1;
            while (System.nanoTime() < end) {
                buffer.clear();
                if (channel.receive(buffer) != null) {
                    received++;
                }
            }
            System.out.println("received " + received + " in " + seconds + " s: " + received / seconds + "/s");
        }
    }
}

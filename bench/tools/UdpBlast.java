import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * Sends one valid OPTIONS datagram, over and over, as fast as one thread can, for a number of
 * seconds; prints how many it sent. Loopback targets only.
 *
 * Usage: java UdpBlast.java LOCAL_IP TARGET_IP TARGET_PORT SECONDS
 */
public class UdpBlast {
    public static void main(String[] args) throws Exception {
        InetAddress local = InetAddress.getByName(args[0]);
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
        if (!local.isLoopbackAddress() || !target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback only");
        }
        long seconds = Long.parseLong(args[3]);
        String options = "OPTIONS sip:" + args[1] + ":" + args[2] + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + args[0] + ":5060;branch=z9hG4bK-blast;rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:blast@" + args[0] + ">;tag=1\r\n"
                + "To: <sip:" + args[1] + ">\r\nCall-ID: blast@" + args[0] + "\r\nCSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
        ByteBuffer datagram = ByteBuffer.wrap(options.getBytes(StandardCharsets.US_ASCII));
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(local, 0));
            channel.connect(target);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long sent = 0;
            while ((sent & 1023) != 0 || System.nanoTime() < end) {
                datagram.rewind();
                try {
                    channel.write(datagram);
                    sent++;
                } catch (java.net.PortUnreachableException e) {
                    // ICMP from a closed port: keep going
                }
            }
            System.out.println("sent " + sent + " in " + seconds + " s: " + sent / seconds + "/s");
        }
    }
}

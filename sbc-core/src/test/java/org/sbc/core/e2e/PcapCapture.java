package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * tcpdump on the loopback interface, writing every packet a filter selects to a pcap file, and
 * a reader of that file: the transport payloads, in capture order. Only IPv4 over Ethernet or
 * Linux cooked capture (v1, v2) with UDP or TCP is decoded; anything else is counted.
 */
final class PcapCapture implements AutoCloseable {

    /** One UDP datagram or TCP segment payload. */
    record Packet(long micros, String protocol, String src, int srcPort, String dst, int dstPort, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }

        /** RTP version 2 with PCMU or PCMA (what baresip offers first), not RTCP (types 200-204). */
        boolean isG711Rtp() {
            return payload.length >= 12 && (payload[0] & 0xc0) == 0x80
                    && ((payload[1] & 0x7f) == 0 || (payload[1] & 0x7f) == 8);
        }
    }

    private final Process process;
    private final Path file;
    private final StringBuilder stderr = new StringBuilder();

    private PcapCapture(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    /** Starts tcpdump with {@code filter} and returns once it says it is listening. */
    static PcapCapture start(Path file, String filter) throws IOException, InterruptedException {
        Tools.require("tcpdump", "tcpdump");
        List<String> command = new ArrayList<>(List.of("tcpdump", "-i", "lo", "--immediate-mode", "-U", "-n", "-s", "0", "-w", file.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-Z", "root")); // tcpdump would drop to its own user, who cannot write the test's temp dir
        }
        command.add(filter);
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        PcapCapture capture = new PcapCapture(process, file);
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (capture.stderr) {
                        capture.stderr.append(line).append('\n');
                    }
                    if (line.contains("listening on")) {
                        listening.complete(true);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            listening.complete(false);
        }, "tcpdump-stderr");
        reader.setDaemon(true);
        reader.start();
        boolean ready;
        try {
            ready = listening.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            ready = false;
        }
        if (!ready) {
            capture.close();
            fail("tcpdump did not start capturing (run as root, or give it CAP_NET_RAW): " + capture.stderr());
        }
        return capture;
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Stops tcpdump (SIGTERM: it flushes and closes the file) and reads what it wrote. */
    List<Packet> stopAndRead() throws IOException, InterruptedException {
        close();
        return read(file);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    static List<Packet> read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        if (in.remaining() < 24) {
            fail("pcap file has no global header: " + file + " (" + in.remaining() + " bytes)");
        }
        int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        boolean nanos;
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            in.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            in.order(ByteOrder.BIG_ENDIAN);
            magic = in.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                fail("not a pcap file: " + file + String.format(" (magic %08x)", magic));
            }
        }
        nanos = magic == 0xa1b23c4d;
        int linkType = in.getInt(20);
        int linkHeader = switch (linkType) {
            case 1 -> 14;   // Ethernet
            case 113 -> 16; // Linux cooked capture
            case 276 -> 20; // Linux cooked capture v2
            default -> throw new IOException("pcap link type " + linkType + " is not decoded");
        };
        in.position(24);
        List<Packet> packets = new ArrayList<>();
        while (in.remaining() >= 16) {
            long seconds = Integer.toUnsignedLong(in.getInt());
            long fraction = Integer.toUnsignedLong(in.getInt());
            int captured = in.getInt();
            in.getInt(); // original length
            if (captured > in.remaining()) {
                break; // tcpdump stopped mid-record
            }
            byte[] frame = new byte[captured];
            in.get(frame);
            long micros = seconds * 1_000_000 + (nanos ? fraction / 1_000 : fraction);
            Packet packet = decode(micros, frame, linkHeader);
            if (packet != null) {
                packets.add(packet);
            }
        }
        return packets;
    }

    /** IPv4, then UDP or TCP; null for anything else or an empty payload. */
    private static Packet decode(long micros, byte[] frame, int linkHeader) {
        ByteBuffer ip = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        if (frame.length < linkHeader + 20 || (frame[linkHeader] >> 4 & 0xf) != 4) {
            return null;
        }
        int ihl = (frame[linkHeader] & 0xf) * 4;
        int totalLength = ip.getShort(linkHeader + 2) & 0xffff;
        int protocol = frame[linkHeader + 9] & 0xff;
        String src = address(frame, linkHeader + 12);
        String dst = address(frame, linkHeader + 16);
        int l4 = linkHeader + ihl;
        int end = Math.min(frame.length, linkHeader + totalLength);
        if (protocol == 17 && end >= l4 + 8) {
            return packet(micros, "UDP", src, dst, ip, l4, l4 + 8, end);
        }
        if (protocol == 6 && end >= l4 + 20) {
            int dataOffset = (frame[l4 + 12] >> 4 & 0xf) * 4;
            return packet(micros, "TCP", src, dst, ip, l4, l4 + dataOffset, end);
        }
        return null;
    }

    private static Packet packet(long micros, String protocol, String src, String dst, ByteBuffer ip, int l4,
            int payloadStart, int end) {
        if (payloadStart >= end) {
            return null;
        }
        byte[] payload = new byte[end - payloadStart];
        System.arraycopy(ip.array(), payloadStart, payload, 0, payload.length);
        return new Packet(micros, protocol, src, ip.getShort(l4) & 0xffff, dst, ip.getShort(l4 + 2) & 0xffff, payload);
    }

    private static String address(byte[] frame, int at) {
        return (frame[at] & 0xff) + "." + (frame[at + 1] & 0xff) + "." + (frame[at + 2] & 0xff) + "." + (frame[at + 3] & 0xff);
    }
}

package org.sbc.core.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Readiness of a peer the tests started (sipp, baresip): whether something on this host listens on
 * an IPv4 address and port, read from the kernel's socket tables, so a test waits for the socket
 * and never for a fixed time.
 */
final class LocalSockets {

    private LocalSockets() {}

    /**
     * Waits until {@code ip:port} is bound by a UDP socket, or in LISTEN state on TCP; false after
     * {@code within}, or as soon as {@code alive} says the peer has exited.
     */
    static boolean awaitListening(String ip, int port, boolean tcp, Duration within, BooleanSupplier alive)
            throws IOException, InterruptedException {
        String[] octets = ip.split("\\.");
        // /proc/net/{udp,tcp} write the address as the host-order hex of the 32-bit value.
        String littleEndian = String.format(Locale.ROOT, "%02X%02X%02X%02X:%04X", Integer.parseInt(octets[3]),
                Integer.parseInt(octets[2]), Integer.parseInt(octets[1]), Integer.parseInt(octets[0]), port);
        String bigEndian = String.format(Locale.ROOT, "%02X%02X%02X%02X:%04X", Integer.parseInt(octets[0]),
                Integer.parseInt(octets[1]), Integer.parseInt(octets[2]), Integer.parseInt(octets[3]), port);
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && alive.getAsBoolean()) {
            for (String line : Files.readAllLines(Path.of(tcp ? "/proc/net/tcp" : "/proc/net/udp"))) {
                String[] fields = line.trim().split("\\s+");
                boolean ours = fields.length > 3 && (fields[1].equals(littleEndian) || fields[1].equals(bigEndian));
                if (ours && (!tcp || fields[3].equals("0A"))) { // 0A: TCP_LISTEN
                    return true;
                }
            }
            Thread.sleep(20);
        }
        return false;
    }
}

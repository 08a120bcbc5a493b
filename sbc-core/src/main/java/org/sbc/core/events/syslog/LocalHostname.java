package org.sbc.core.events.syslog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The HOSTNAME field: the kernel's host name, read from /proc rather than through
 * {@code InetAddress.getLocalHost()}, which may wait on DNS. RFC 5424's NILVALUE {@code -} when
 * it cannot be read or is not PRINTUSASCII.
 */
final class LocalHostname {

    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private LocalHostname() {}

    static String get() {
        try {
            byte[] bytes = Files.readAllBytes(KERNEL_HOSTNAME);
            String name = new String(bytes, StandardCharsets.US_ASCII).trim();
            return SyslogMessage.isHeaderField(name, 255) ? name : "-";
        } catch (IOException | SecurityException e) {
            return "-";
        }
    }
}

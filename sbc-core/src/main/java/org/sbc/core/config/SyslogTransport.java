package org.sbc.core.config;

import java.util.Locale;
import java.util.Optional;

/** How a syslog sink reaches its collector. */
public enum SyslogTransport {
    /** RFC 5426: one datagram per message; lost without notice when the network drops it. */
    UDP,
    /** RFC 6587 §3.4.1: octet-counted frames over a TCP connection. */
    TCP,
    /** RFC 5425: the same framing inside TLS, the collector authenticated by its certificate. */
    TLS;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SyslogTransport> parse(String text) {
        for (SyslogTransport transport : values()) {
            if (transport.word().equals(text)) {
                return Optional.of(transport);
            }
        }
        return Optional.empty();
    }
}

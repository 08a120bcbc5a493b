package org.sbc.core.sip;

import java.util.Locale;
import java.util.Optional;

/** A SIP transport the SBC listens on. WebSocket arrives in a later release. */
public enum Transport {
    UDP(false),
    TCP(true),
    /** TCP with TLS in front of the same stream framing (RFC 3261 §26.2, RFC 5630). */
    TLS(true);

    private final boolean reliable;

    Transport(boolean reliable) {
        this.reliable = reliable;
    }

    /** Stream transports frame by Content-Length and keep connections; datagrams do neither. */
    public boolean isReliable() {
        return reliable;
    }

    /** The token used in Via headers and {@code transport=} URI parameters. */
    public String token() {
        return name();
    }

    public static Optional<Transport> parse(String text) {
        for (Transport t : values()) {
            if (t.name().equals(text.toUpperCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

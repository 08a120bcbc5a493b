package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.sbc.core.sip.ListenAddress;

/**
 * One side of the SBC: where it listens, and the certificate its {@code tls:} listeners present
 * (present whenever it has one; see {@link TlsConfig}).
 */
public record Side(List<ListenAddress> listen, Optional<TlsConfig> tls) {

    public Side {
        listen = List.copyOf(listen);
        requireNonNull(tls, "tls");
    }

    /** A side without TLS. */
    public Side(List<ListenAddress> listen) {
        this(listen, Optional.empty());
    }
}

package org.sbc.core.config;

import java.util.List;

/** One side of the SBC: where it listens, and on the inside, the PBX behind it. */
public record Side(List<ListenAddress> listen) {

    public Side {
        listen = List.copyOf(listen);
    }
}

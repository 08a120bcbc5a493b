package org.sbc.core.media;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * Where the relay binds each leg's ports, and the address each leg's SDP names: the same unless
 * the SBC sits behind a 1:1 NAT ({@code media.outside.advertise}), where phones must be told the
 * public address while the relay binds the private one.
 */
public record MediaAddresses(InetAddress outsideBound, InetAddress insideBound, InetAddress outsideAdvertised,
        InetAddress insideAdvertised) {

    public MediaAddresses {
        requireNonNull(outsideBound, "outsideBound");
        requireNonNull(insideBound, "insideBound");
        requireNonNull(outsideAdvertised, "outsideAdvertised");
        requireNonNull(insideAdvertised, "insideAdvertised");
    }

    /** Bound and advertised alike. */
    public static MediaAddresses of(InetAddress outside, InetAddress inside) {
        return new MediaAddresses(outside, inside, outside, inside);
    }

    Set<InetAddress> all() {
        return Set.copyOf(List.of(outsideBound, insideBound, outsideAdvertised, insideAdvertised));
    }

    /**
     * The inside's address (advertised, what the PBX's SDP names) when no outside address is the
     * same, else null: only then can an SDP naming it be told from one naming the outside leg.
     */
    InetAddress insideOnly() {
        boolean shared = insideAdvertised.equals(outsideBound) || insideAdvertised.equals(outsideAdvertised)
                || insideBound.equals(outsideBound) || insideBound.equals(outsideAdvertised);
        return shared ? null : insideAdvertised;
    }

    boolean boundOnLoopback() {
        return outsideBound.isLoopbackAddress() && insideBound.isLoopbackAddress();
    }
}

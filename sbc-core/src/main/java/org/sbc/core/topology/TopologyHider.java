package org.sbc.core.topology;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Topology hiding as the B2BUA asks for it, and the only topology type the B2BUA knows: what a
 * message to the outside may show, which handle stands in our Contact for a dialog, and which
 * dialog a handle that comes back in an in-dialog request stands for. Whether handles are
 * sealed (mask) or stored (strip), in memory or in Redis, and how inside names are found and
 * replaced, stays behind it.
 */
public interface TopologyHider extends AutoCloseable {

    /**
     * {@code message}, encoded for the wire, as it may be sent to the outside: every inside name
     * it holds replaced by the configured outside host or else by {@code ourOutsideAddress} (asked
     * only then). Empty when something of the inside would still show: the caller drops it.
     */
    Optional<byte[]> toOutside(byte[] message, Supplier<InetAddress> ourOutsideAddress);

    /**
     * The user part of our Contact on a leg: a handle standing for {@code mapping} (the text
     * fields a later request must rebuild the dialog from) for {@code ttl}. {@code previous} is
     * the leg's earlier handle, which a stored handle keeps; a sealed one is made afresh. Only
     * characters of a SIP URI user part that need no escaping: [A-Za-z0-9_-].
     */
    String contactHandle(Optional<String> previous, List<String> mapping, Duration ttl);

    /**
     * The mapping behind a handle an in-dialog request came back with, exactly as given to
     * {@link #contactHandle}; empty when the handle is unknown, expired, forged or malformed.
     */
    CompletionStage<Optional<List<String>>> mappingOf(String handle);

    /** The dialog ended: a stored handle is forgotten; a sealed one has nothing to forget. */
    void release(String handle);

    /**
     * Whether a handle carries its mapping sealed inside it (mask mode) rather than naming a
     * stored one (strip mode): a sealed handle is never stored again or named inside another
     * (it would grow with every refresh), and one that does not open was forged, not forgotten.
     */
    boolean handlesSealed();

    /** Lets go of the handles' store (a Redis connection). */
    @Override
    void close();
}

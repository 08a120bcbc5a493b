package org.sbc.core.memory;

/**
 * Bytes of live heap one entry of each table costs. The two that an INVITE flood fills were
 * measured on the running SBC with {@code bench/entry-costs.sh} (live heap after a full GC
 * before and after 20,000 INVITEs, divided by 20,000; docs/benchmarks.md): a server transaction
 * (what a statefully refused INVITE kept) and a call in setup (its dialog, both legs and both
 * transactions). The others are estimates from the objects each entry holds, set high; they
 * are small beside the first two.
 */
public final class EntryCosts {

    /** Measured 10,243 bytes (2026-12-06): the parsed request, the last response and the timers. */
    public static final long SERVER_TRANSACTION = 10_240;
    /**
     * The fixed part of a server transaction that answered and let go of its request and owner,
     * lingering to absorb retransmissions (the object, its map entries and its timer); the bytes
     * of the keys and the answer it keeps are added to it, each transaction its own
     * ({@code ServerTransaction.lingeringBytes}), since a sender chooses their size. Measured
     * (2026-12-06, {@code STAGES=linger bench/calls.sh}): 608 bytes per lingering transaction in
     * all, keys and answers included (a few hundred of them, from the messages' sizes); set high.
     */
    public static final long LINGERING_SERVER_TRANSACTION = 512;
    /** Measured 13,708 bytes (2026-12-06), rounded up: a call in setup with both its transactions. */
    public static final long CALL = 13_824;
    /** Estimated: a binding, its contact and path as text, and two map nodes. */
    public static final long BINDING = 2_048;
    /** Estimated: a topology-hiding mapping (strip mode's memory store): ids, tags and URIs as text. */
    public static final long MAPPING = 1_024;
    /** Estimated: one sliding window, its key and a map node, in each of the flood guard's tables. */
    public static final long FLOOD_WINDOW = 256;
    /** Estimated: one token bucket, its key and a map node. */
    public static final long RATE_BUCKET = 512;
    /** Estimated: a channel, its pipeline of handlers and a framer's partial message on the heap. */
    public static final long TCP_CONNECTION = 8_192;
    /** Estimated: a security event with its attacker-supplied texts at their length limits. */
    public static final long EVENT = 2_048;

    private EntryCosts() {}
}

package org.sbc.topology;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Turns a dialog mapping (what the SBC needs to route an in-dialog request of one leg onto the
 * other) into the user part of the SBC's own Contact, and back. Mask mode seals the mapping into
 * the handle itself; strip mode stores it and hands out a short opaque id.
 */
public interface DialogHandles extends AutoCloseable {

    /**
     * The handle for {@code mapping}. Strip mode stores it under {@code previous} when given (the
     * same leg's earlier handle), else under a new id, for {@code ttl}; mask mode seals it afresh.
     * Only characters of a SIP URI user part that need no escaping: [A-Za-z0-9_-].
     */
    String handle(Optional<String> previous, byte[] mapping, Duration ttl);

    /** The mapping behind {@code handle}; empty when unknown, expired, forged or malformed. */
    CompletionStage<Optional<byte[]>> resolve(String handle);

    /** The dialog ended: strip mode forgets the mapping; mask mode has nothing to forget. */
    void release(String handle);

    @Override
    void close();
}

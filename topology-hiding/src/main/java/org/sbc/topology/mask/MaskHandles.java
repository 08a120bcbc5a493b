package org.sbc.topology.mask;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.sbc.topology.DialogHandles;

/**
 * Mask mode: the mapping travels sealed in the handle; nothing is kept. So any node holding the
 * keys resolves any handle, and nothing needs releasing; the price is a longer Contact user part
 * (see {@link TokenSealer} for its length). A dialog outliving a key rotation twice stops
 * resolving: the handle lives as long as the keys, not the {@code ttl}.
 */
public final class MaskHandles implements DialogHandles {

    private final TokenSealer sealer;

    public MaskHandles(TokenSealer sealer) {
        this.sealer = requireNonNull(sealer, "sealer");
    }

    /** A fresh token each time: {@code previous} and {@code ttl} mean nothing here. */
    @Override
    public String handle(Optional<String> previous, byte[] mapping, Duration ttl) {
        return sealer.seal(mapping);
    }

    @Override
    public CompletionStage<Optional<byte[]>> resolve(String handle) {
        return CompletableFuture.completedFuture(sealer.open(handle));
    }

    @Override
    public void release(String handle) {}

    @Override
    public void close() {}
}

package org.sbc.topology.mask;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.sbc.topology.DialogHandles;

/** Mask mode: the mapping travels sealed in the handle; nothing is kept. */
public final class MaskHandles implements DialogHandles {

    public MaskHandles(TokenSealer sealer) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public String handle(Optional<String> previous, byte[] mapping, Duration ttl) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public CompletionStage<Optional<byte[]>> resolve(String handle) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void release(String handle) {}

    @Override
    public void close() {}
}

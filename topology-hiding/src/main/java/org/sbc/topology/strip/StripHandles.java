package org.sbc.topology.strip;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.sbc.topology.DialogHandles;

/** Strip mode: handles are short random ids; the mappings stay in a {@link MappingStore}. */
public final class StripHandles implements DialogHandles {

    public StripHandles(MappingStore store) {
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
    public void release(String handle) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {}
}

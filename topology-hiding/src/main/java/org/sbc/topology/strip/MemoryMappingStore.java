package org.sbc.topology.strip;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/** Strip mode on one node: bounded, every entry expiring. */
public final class MemoryMappingStore implements MappingStore {

    /** @param millis the clock, System::currentTimeMillis outside tests */
    public MemoryMappingStore(int maxEntries, LongSupplier millis) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public CompletionStage<Void> put(String id, byte[] value, Duration ttl) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public CompletionStage<Optional<byte[]>> get(String id) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public CompletionStage<Void> remove(String id) {
        throw new UnsupportedOperationException("not yet");
    }

    public int size() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {}
}

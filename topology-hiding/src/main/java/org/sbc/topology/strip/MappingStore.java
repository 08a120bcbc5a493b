package org.sbc.topology.strip;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Where strip mode keeps dialog mappings: this node's memory, or Redis shared by several nodes. */
public interface MappingStore extends AutoCloseable {

    CompletionStage<Void> put(String id, byte[] value, Duration ttl);

    CompletionStage<Optional<byte[]>> get(String id);

    CompletionStage<Void> remove(String id);

    @Override
    void close();
}

package org.sbc.topology.strip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class StripHandlesTest {

    private static final Duration TTL = Duration.ofMinutes(10);

    /** Records every call that reaches the store. */
    private static final class RecordingStore implements MappingStore {
        final MemoryMappingStore delegate = new MemoryMappingStore(100, System::currentTimeMillis);
        final List<String> calls = new ArrayList<>();
        boolean failing;
        boolean closed;

        @Override
        public CompletionStage<Void> put(String id, byte[] value, Duration ttl) {
            calls.add("put " + id);
            return delegate.put(id, value, ttl);
        }

        @Override
        public CompletionStage<Optional<byte[]>> get(String id) {
            calls.add("get " + id);
            return failing ? CompletableFuture.failedFuture(new IllegalStateException("redis down")) : delegate.get(id);
        }

        @Override
        public CompletionStage<Void> remove(String id) {
            calls.add("remove " + id);
            return delegate.remove(id);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final RecordingStore store = new RecordingStore();
    private final StripHandles handles = new StripHandles(store);

    private Optional<byte[]> resolve(String handle) {
        return handles.resolve(handle).toCompletableFuture().join();
    }

    @Test
    void handsOutShortRandomIdsAndResolvesThem() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String id = handles.handle(Optional.empty(), new byte[] {1}, TTL);
            assertTrue(id.matches("[a-z0-9]{16}"), id);
            ids.add(id);
        }
        assertEquals(1_000, ids.size());
        String id = handles.handle(Optional.empty(), new byte[] {7}, TTL);
        assertArrayEquals(new byte[] {7}, resolve(id).orElseThrow());
    }

    @Test
    void reusesAWellFormedPreviousIdAndReplacesItsMapping() {
        String id = handles.handle(Optional.empty(), new byte[] {1}, TTL);
        assertEquals(id, handles.handle(Optional.of(id), new byte[] {2}, TTL));
        assertArrayEquals(new byte[] {2}, resolve(id).orElseThrow());
    }

    @Test
    void aMalformedPreviousIdGetsANewOne() {
        String id = handles.handle(Optional.of("../../etc/passwd"), new byte[] {1}, TTL);
        assertNotEquals("../../etc/passwd", id);
        assertTrue(StripHandles.isWellFormed(id));
        assertFalse(store.calls.contains("put ../../etc/passwd"));
    }

    @Test
    void malformedHandlesNeverReachTheStore() {
        for (String bad : new String[] {"", "short", "ABCDEFGHIJKLMNOP", "abcdefghijklmnopq", "abcdefghijklmno-", "abcdefghijklmn\u00e9p"}) {
            assertEquals(Optional.empty(), resolve(bad));
            handles.release(bad);
        }
        assertEquals(Optional.empty(), resolve(null));
        assertEquals(List.of(), store.calls);
    }

    @Test
    void aStoreFailureResolvesToEmpty() {
        String id = handles.handle(Optional.empty(), new byte[] {1}, TTL);
        store.failing = true;
        assertEquals(Optional.empty(), resolve(id));
    }

    @Test
    void releaseForgetsTheMapping() {
        String id = handles.handle(Optional.empty(), new byte[] {1}, TTL);
        handles.release(id);
        assertEquals(Optional.empty(), resolve(id));
        assertTrue(store.calls.contains("remove " + id));
    }

    @Test
    void closeClosesTheStore() {
        handles.close();
        assertTrue(store.closed);
    }
}

package org.sbc.topology.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaskHandlesTest {

    private static final byte[] MAPPING = "leg-b".getBytes(StandardCharsets.UTF_8);
    private final MaskHandles handles = new MaskHandles(new TokenSealer(TokenSealerTest.K1, Optional.empty()));

    @Test
    void resolvesItsOwnHandlesAtOnce() {
        String handle = handles.handle(Optional.empty(), MAPPING, Duration.ofMinutes(5));
        assertTrue(handle.matches("[A-Za-z0-9_-]+"));
        var stage = handles.resolve(handle).toCompletableFuture();
        assertTrue(stage.isDone());
        assertArrayEquals(MAPPING, stage.join().orElseThrow());
    }

    @Test
    void sealsAfreshIgnoringThePreviousHandle() {
        String first = handles.handle(Optional.empty(), MAPPING, Duration.ofMinutes(5));
        String second = handles.handle(Optional.of(first), MAPPING, Duration.ofMinutes(5));
        assertNotEquals(first, second);
        assertArrayEquals(MAPPING, handles.resolve(first).toCompletableFuture().join().orElseThrow());
    }

    @Test
    void releaseForgetsNothingAndForgeriesResolveToEmpty() {
        String handle = handles.handle(Optional.empty(), MAPPING, Duration.ofMinutes(5));
        handles.release(handle);
        assertTrue(handles.resolve(handle).toCompletableFuture().join().isPresent());
        assertEquals(Optional.empty(), handles.resolve("abcdefghijklmnop").toCompletableFuture().join());
        assertEquals(Optional.empty(), handles.resolve("").toCompletableFuture().join());
    }
}

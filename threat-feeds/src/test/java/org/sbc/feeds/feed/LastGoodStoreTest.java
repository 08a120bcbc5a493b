package org.sbc.feeds.feed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastGoodStoreTest {

    @TempDir
    Path dir;

    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void readsBackWhatItSaved() throws Exception {
        LastGoodStore store = new LastGoodStore(dir.resolve("feeds"));
        FeedFetcher.Validators validators = new FeedFetcher.Validators("\"e1\"", "Fri, 05 Dec 2026 10:00:00 GMT");
        store.save("apiban", bytes("192.0.2.1\n"), validators, AT);
        LastGoodStore.Stored stored = store.load("apiban", 1024).orElseThrow();
        assertArrayEquals(bytes("192.0.2.1\n"), stored.body());
        assertEquals(validators, stored.validators());
        assertEquals(AT, stored.confirmedAt());
        assertTrue(store.load("other", 1024).isEmpty());
    }

    @Test
    void keepsTheBodyButDropsValidatorsThatDescribeAnotherBody() throws Exception {
        LastGoodStore store = new LastGoodStore(dir);
        store.save("f", bytes("192.0.2.1\n"), new FeedFetcher.Validators("\"e1\"", null), AT);
        // a crash between the two renames: a newer body beside the older meta
        Files.write(dir.resolve("f.feed"), bytes("192.0.2.2\n"));
        LastGoodStore.Stored stored = store.load("f", 1024).orElseThrow();
        assertArrayEquals(bytes("192.0.2.2\n"), stored.body());
        assertEquals(FeedFetcher.Validators.NONE, stored.validators(), "else a 304 would keep a body the server never sent");
    }

    @Test
    void refusesAStoredBodyOverTheLimit() throws Exception {
        LastGoodStore store = new LastGoodStore(dir);
        store.save("f", new byte[2048], FeedFetcher.Validators.NONE, AT);
        assertThrows(IOException.class, () -> store.load("f", 1024));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

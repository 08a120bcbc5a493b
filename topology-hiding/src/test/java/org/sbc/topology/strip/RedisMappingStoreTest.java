package org.sbc.topology.strip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real redis-server that the test starts on a free loopback port and stops. A missing
 * redis-server fails the test (run-tests installs it): strip mode across nodes is untested
 * otherwise.
 */
class RedisMappingStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static Process redis;
    private static Path log;
    private static String uri;

    @BeforeAll
    static void startRedis() throws Exception {
        Path binary = findRedisServer();
        int port = freePort();
        log = Files.createTempFile("redis-server-", ".log");
        redis = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        uri = "redis://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing(port)) {
            if (!redis.isAlive()) {
                fail("redis-server exited with " + redis.exitValue() + ": " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                fail("redis-server did not answer on port " + port + " within 10 s: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(5, TimeUnit.SECONDS)) {
                redis.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    private static Path findRedisServer() {
        Stream<Path> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "redis-server"));
        return Stream.concat(path, Stream.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/sbin/redis-server")))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "redis-server not found in PATH, /usr/bin or /usr/sbin: install it (apt-get install redis-server, as run-tests does)"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static boolean answersPing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[7];
            int read = in.readNBytes(answer, 0, answer.length);
            return new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static String prefix() {
        return "sbc-test:" + UUID.randomUUID() + ":";
    }

    private static Optional<byte[]> get(MappingStore store, String id) {
        return store.get(id).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    private static void await(java.util.concurrent.CompletionStage<Void> stage) {
        stage.toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Test
    void putsGetsAndRemoves() {
        try (RedisMappingStore store = RedisMappingStore.connect(uri, prefix(), TIMEOUT)) {
            byte[] value = {0, 1, 2, (byte) 0xFF, '\r', '\n'};
            await(store.put("abc", value, Duration.ofMinutes(1)));
            assertArrayEquals(value, get(store, "abc").orElseThrow());
            await(store.put("abc", new byte[] {9}, Duration.ofMinutes(1)));
            assertArrayEquals(new byte[] {9}, get(store, "abc").orElseThrow());
            await(store.remove("abc"));
            assertEquals(Optional.empty(), get(store, "abc"));
            assertEquals(Optional.empty(), get(store, "never-stored"));
        }
    }

    @Test
    void entriesExpireAtTheirTtl() throws Exception {
        try (RedisMappingStore store = RedisMappingStore.connect(uri, prefix(), TIMEOUT)) {
            await(store.put("short", new byte[] {1}, Duration.ofMillis(300)));
            await(store.put("long", new byte[] {2}, Duration.ofMinutes(1)));
            assertTrue(get(store, "short").isPresent());
            Thread.sleep(600);
            assertEquals(Optional.empty(), get(store, "short"));
            assertTrue(get(store, "long").isPresent());
        }
    }

    @Test
    void twoNodesSharingOneRedisSeeEachOthersMappings() {
        String prefix = prefix();
        try (RedisMappingStore nodeA = RedisMappingStore.connect(uri, prefix, TIMEOUT);
                RedisMappingStore nodeB = RedisMappingStore.connect(uri, prefix, TIMEOUT);
                StripHandles handlesA = new StripHandles(nodeA);
                StripHandles handlesB = new StripHandles(nodeB)) {
            String id = handlesA.handle(Optional.empty(), new byte[] {4, 2}, Duration.ofMinutes(1));
            // handle() writes in the background; read it back on A first so B's read follows it.
            assertArrayEquals(new byte[] {4, 2}, get(nodeA, id).orElseThrow());
            assertArrayEquals(new byte[] {4, 2}, handlesB.resolve(id).toCompletableFuture().join().orElseThrow());
            await(nodeB.remove(id));
            assertEquals(Optional.empty(), get(nodeA, id));
        }
    }

    @Test
    void prefixesKeepDeploymentsApart() {
        try (RedisMappingStore one = RedisMappingStore.connect(uri, prefix(), TIMEOUT);
                RedisMappingStore other = RedisMappingStore.connect(uri, prefix(), TIMEOUT)) {
            await(one.put("same-id", new byte[] {1}, Duration.ofMinutes(1)));
            assertEquals(Optional.empty(), get(other, "same-id"));
        }
    }

    @Test
    void aClosedStoreFailsItsCallsRatherThanAnsweringUnknownValues() {
        RedisMappingStore store = RedisMappingStore.connect(uri, prefix(), TIMEOUT);
        store.close();
        store.close();
        var stage = store.get("abc").toCompletableFuture().orTimeout(5, TimeUnit.SECONDS);
        assertThrows(Exception.class, stage::join);
    }

    @Test
    void connectToAClosedPortFailsWithinTheTimeout() throws Exception {
        String closed = "redis://127.0.0.1:" + freePort();
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RedisMappingStore.connect(closed, "sbc:", TIMEOUT));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(e.getMessage().startsWith("redis at " + closed + " cannot be reached: "), e.getMessage());
        assertTrue(elapsedMillis < TIMEOUT.toMillis() + 3_000, "took " + elapsedMillis + " ms");
    }

    @Test
    void aMalformedUriIsRefusedNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RedisMappingStore.connect("http://nowhere", "sbc:", TIMEOUT));
        assertTrue(e.getMessage().startsWith("redis at http://nowhere cannot be reached: "), e.getMessage());
    }

    @Test
    void keepsThePasswordOutOfMessages() {
        assertEquals("redis://***@10.0.0.9:6379", RedisMappingStore.redacted("redis://:s3cret@10.0.0.9:6379"));
        assertEquals("redis://10.0.0.9:6379", RedisMappingStore.redacted("redis://10.0.0.9:6379"));
    }
}

package org.sbc.topology.strip;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Strip mode for several nodes: mappings in one Redis, each key expiring with its dialog.
 *
 * <p>Any node can then resolve a handle another node gave out. Keys are {@code keyPrefix + id}
 * and values the raw mapping bytes; {@code SET .. PX} lets Redis expire them, so a node that dies
 * mid-dialog leaks nothing. One Lettuce connection is shared by every event-loop thread (Lettuce
 * pipelines commands on it); every call is asynchronous and a failed one completes its stage
 * exceptionally, which the caller treats as an unknown handle: strip mode fails closed.
 */
public final class RedisMappingStore implements MappingStore {

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    /** No quiet period: close() runs when a node stops or a test ends, and must not linger. */
    private static final Duration SHUTDOWN_QUIET = Duration.ZERO;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final ClientResources resources;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisAsyncCommands<String, byte[]> commands;
    private final String keyPrefix;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisMappingStore(RedisClient client, ClientResources resources,
            StatefulRedisConnection<String, byte[]> connection, String keyPrefix) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.commands = connection.async();
        this.keyPrefix = keyPrefix;
    }

    /**
     * Connects (failing within {@code timeout} with an IllegalStateException that names the URI
     * when Redis cannot be reached), so a bad address is refused at start, not at the first call.
     * {@code timeout} also bounds every later command.
     */
    public static RedisMappingStore connect(String redisUri, String keyPrefix, Duration timeout) {
        requireNonNull(redisUri, "redisUri");
        requireNonNull(keyPrefix, "keyPrefix");
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(redisUri);
        } catch (RuntimeException e) {
            throw new IllegalStateException("redis at " + redacted(redisUri) + " cannot be reached: not a Redis URI ("
                    + e.getMessage() + "; expected: redis://host:port)", e);
        }
        uri.setTimeout(timeout);
        // One I/O thread and one worker: the connection is one socket, and every extra thread
        // competes with the SIP event loops for the same cores.
        // (Measured: with Lettuce's default of a thread per core each, strip/redis needed about
        // twice the CPU per call on two cores; see docs/benchmarks.md.)
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(1).computationThreadPoolSize(1).build();
        RedisClient client = RedisClient.create(resources, uri);
        try {
            client.setOptions(ClientOptions.builder()
                    .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    // Commands issued while the connection is down fail at once rather than
                    // queueing without bound behind a dead Redis.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
            try {
                connection.sync().ping();
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
            return new RedisMappingStore(client, resources, connection, keyPrefix);
        } catch (RuntimeException e) {
            client.shutdown(SHUTDOWN_QUIET, SHUTDOWN_TIMEOUT);
            shutdown(resources);
            throw new IllegalStateException("redis at " + redacted(redisUri) + " cannot be reached: " + describe(e), e);
        }
    }

    @Override
    public CompletionStage<Void> put(String id, byte[] value, Duration ttl) {
        requireNonNull(value, "value");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        try {
            return commands.set(keyPrefix + id, value, SetArgs.Builder.px(Math.max(1, ttl.toMillis()))).thenApply(ok -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Optional<byte[]>> get(String id) {
        try {
            return commands.get(keyPrefix + id).thenApply(Optional::ofNullable);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Void> remove(String id) {
        try {
            return commands.del(keyPrefix + id).thenApply(count -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Closes the connection and the client's threads; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                connection.close();
            } finally {
                client.shutdown(SHUTDOWN_QUIET, SHUTDOWN_TIMEOUT);
                shutdown(resources);
            }
        }
    }

    /** Resources passed to a client are not the client's to shut down: ours are, with it. */
    private static void shutdown(ClientResources resources) {
        resources.shutdown(SHUTDOWN_QUIET.toMillis(), SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis());
    }

    /** The URI without its password, for messages and logs. */
    static String redacted(String uri) {
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return uri;
        }
        return uri.substring(0, scheme + 3) + "***" + uri.substring(at);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage();
        if (root != e && root.getMessage() != null) {
            message = message + " (" + root.getMessage() + ")";
        }
        return message;
    }
}

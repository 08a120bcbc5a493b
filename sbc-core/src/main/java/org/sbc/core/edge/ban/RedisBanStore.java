package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sbc.core.json.JsonException;
import org.sbc.core.json.JsonText;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.feeds.IpPrefix;

/**
 * Bans shared through one Redis. Each ban is a key {@code sbc:ban:TARGET} holding the ban's JSON
 * and expiring with it; every change is also published on {@code sbc:bans}, so that the other
 * nodes apply it within milliseconds. A reconcile every {@code reconcile_seconds} compares the
 * local table with the keys, which covers messages a node missed while cut off.
 *
 * <p>An unban deletes the key and leaves a tombstone {@code sbc:lifted:TARGET} (the time, for a
 * day), so a reconcile tells a ban lifted elsewhere (remove it here) from one Redis never held
 * or lost in a restart (write it again): a Redis that restarts empty loses no ban.
 *
 * <p>Never blocks an event loop: a ban made on one is written asynchronously; a write that fails
 * (Redis down: commands are refused at once, not queued) is kept in {@link #pending} and written
 * by the next reconcile, while the ban is enforced locally all along. {@link #pending} is bounded
 * by the ban table: one entry per target.
 *
 * <p>Escalation counts offences cluster-wide because a shared ban carries its offence count and
 * {@link BanTable#applyShared} remembers it: the next node to ban the target escalates from it.
 */
public final class RedisBanStore implements BanStore {

    static final String KEY_PREFIX = "sbc:ban:";
    /** An unban leaves a tombstone: without it a node could not tell "lifted" from "Redis lost it". */
    static final String LIFTED_PREFIX = "sbc:lifted:";
    /** Long enough for any node cut off from Redis to come back and hear of the unban. */
    static final Duration TOMBSTONE = Duration.ofDays(1);
    static final String CHANNEL = "sbc:bans";
    private static final System.Logger LOG = System.getLogger(RedisBanStore.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** The SCAN batch of a reconcile; the key count is bounded by max_entries on every node. */
    private static final int SCAN_BATCH = 1_000;

    private final BanTable table;
    private final Counters counters;
    private final InstantSource clock;
    private final StoreHealth health;
    private final String node = UUID.randomUUID().toString();
    private final RedisClient client;
    private final ClientResources resources;
    // null until the first connection succeeds (Redis may be down when the node starts)
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile RedisAsyncCommands<String, String> async;
    private final ScheduledExecutorService reconciler;
    /** Changes made here that Redis has not confirmed: a ban (true) or an unban (false) per target. */
    private final Map<IpPrefix, Boolean> pending = new ConcurrentHashMap<>();

    private RedisBanStore(BanTable table, Counters counters, InstantSource clock, StoreHealth health, RedisClient client,
            ClientResources resources) {
        this.table = table;
        this.counters = counters;
        this.clock = clock;
        this.health = health;
        this.client = client;
        this.resources = resources;
        this.reconciler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sbc-ban-store");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects, subscribes, loads every active ban into {@code table} and starts the reconcile.
     * A Redis that cannot be reached at start is not fatal: the node bans locally, reports it,
     * and connects when Redis comes back (Lettuce reconnects, the reconcile catches up).
     */
    public static RedisBanStore start(URI redis, int reconcileSeconds, BanTable table, Counters counters,
            InstantSource clock, StoreHealth health) {
        requireNonNull(redis, "redis");
        RedisURI uri = RedisURI.create(redis);
        uri.setTimeout(TIMEOUT);
        // One I/O thread: the store is one connection and a subscription, and every extra
        // thread competes with the SIP event loops for the same cores. Reconnects after 100 ms,
        // doubling to at most 2 s: Lettuce's default ceiling of 30 s would leave a node apart
        // from the cluster for half a minute after a Redis restart.
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                // refused at once while down, not queued without bound behind a dead Redis
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        RedisBanStore store = new RedisBanStore(table, counters, clock, health, client, resources);
        table.sharedThrough(store);
        // the first reconcile loads every active ban before the listeners open
        store.reconcile();
        store.reconciler.scheduleWithFixedDelay(store::reconcile, reconcileSeconds, reconcileSeconds, TimeUnit.SECONDS);
        return store;
    }

    /** Once: Lettuce reconnects both connections by itself and subscribes again after that. */
    private boolean connected() {
        if (connection != null) {
            return true;
        }
        StatefulRedisConnection<String, String> commands = null;
        StatefulRedisPubSubConnection<String, String> subscription = null;
        try {
            commands = client.connect();
            subscription = client.connectPubSub();
            subscription.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    onMessage(message);
                }
            });
            subscription.sync().subscribe(CHANNEL);
            pubSub = subscription;
            async = commands.async();
            connection = commands;
            return true;
        } catch (RuntimeException e) {
            if (subscription != null) {
                subscription.close();
            }
            if (commands != null) {
                commands.close();
            }
            counters.increment(Counter.BAN_STORE_FAILURES);
            health.failed("cannot connect: " + e.getMessage());
            return false;
        }
    }

    @Override
    public void banned(Ban ban) {
        pending.put(ban.target(), Boolean.TRUE);
        write(ban);
    }

    @Override
    public void unbanned(IpPrefix target) {
        pending.put(target, Boolean.FALSE);
        erase(target);
    }

    private void write(Ban ban) {
        RedisAsyncCommands<String, String> async = this.async;
        if (async == null) {
            return;
        }
        long ttl = ban.expires().toEpochMilli() - clock.millis();
        if (ttl <= 0) {
            pending.remove(ban.target(), Boolean.TRUE);
            return;
        }
        String json = BanJson.write(ban);
        try {
            async.set(KEY_PREFIX + ban.target(), json, SetArgs.Builder.px(ttl))
                    .thenCompose(ok -> async.publish(CHANNEL, node + " ban " + json))
                    .whenComplete((receivers, failure) -> done(ban.target(), Boolean.TRUE, failure));
        } catch (RuntimeException e) {
            done(ban.target(), Boolean.TRUE, e);
        }
    }

    private void erase(IpPrefix target) {
        RedisAsyncCommands<String, String> async = this.async;
        if (async == null) {
            return;
        }
        try {
            async.del(KEY_PREFIX + target)
                    .thenCompose(count -> async.set(LIFTED_PREFIX + target, Long.toString(clock.millis()),
                            SetArgs.Builder.px(TOMBSTONE.toMillis())))
                    .thenCompose(ok -> async.publish(CHANNEL, node + " unban " + target))
                    .whenComplete((receivers, failure) -> done(target, Boolean.FALSE, failure));
        } catch (RuntimeException e) {
            done(target, Boolean.FALSE, e);
        }
    }

    private void done(IpPrefix target, Boolean change, Throwable failure) {
        if (failure != null) {
            counters.increment(Counter.BAN_STORE_FAILURES);
            health.failed(failure.getMessage());
            return;
        }
        pending.remove(target, change);
        health.succeeded();
    }

    /** A message from a node: {@code NODE ban JSON} or {@code NODE unban TARGET}; our own are skipped. */
    private void onMessage(String message) {
        String[] parts = message.split(" ", 3);
        if (parts.length < 3 || parts[0].equals(node)) {
            return;
        }
        try {
            if (parts[1].equals("ban")) {
                Ban ban = BanJson.read(JsonText.parse(parts[2]));
                if (table.applyShared(ban)) {
                    counters.increment(Counter.BAN_STORE_REMOTE_APPLIED);
                }
            } else if (parts[1].equals("unban")) {
                IpPrefix.parse(parts[2]).ifPresent(target -> {
                    if (table.removeShared(target)) {
                        counters.increment(Counter.BAN_STORE_REMOTE_APPLIED);
                    }
                });
            }
        } catch (JsonException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ban store: a message on " + CHANNEL + " is not a ban, ignored");
        }
    }

    /**
     * Brings the table and Redis together: writes what this node could not, applies what Redis
     * holds and this node lacks, and removes here what was lifted elsewhere while this node did
     * not hear it. On the store's own thread, never an event loop.
     */
    void reconcile() {
        try {
            if (!connected()) {
                return; // local only until Redis answers; the next reconcile tries again
            }
            RedisCommands<String, String> sync = connection.sync();
            sync.ping();
            for (Map.Entry<IpPrefix, Boolean> change : Map.copyOf(pending).entrySet()) {
                if (change.getValue()) {
                    table.get(change.getKey()).ifPresentOrElse(this::write, () -> pending.remove(change.getKey()));
                } else {
                    erase(change.getKey());
                }
            }
            Map<IpPrefix, Ban> shared = readAll(sync);
            for (Ban ban : shared.values()) {
                if (!pending.containsKey(ban.target()) && table.applyShared(ban)) {
                    counters.increment(Counter.BAN_STORE_REMOTE_APPLIED);
                }
            }
            for (Ban local : table.list()) {
                IpPrefix target = local.target();
                if (shared.containsKey(target) || pending.containsKey(target)) {
                    continue;
                }
                if (liftedAt(sync.get(LIFTED_PREFIX + target)) >= local.created().toEpochMilli()) {
                    if (table.removeShared(target)) {
                        counters.increment(Counter.BAN_STORE_REMOTE_APPLIED); // lifted elsewhere, unheard
                    }
                } else {
                    banned(local); // Redis never held it (made while down, a state file) or lost it
                }
            }
            counters.increment(Counter.BAN_STORE_RECONCILES);
            health.succeeded();
        } catch (RuntimeException e) {
            counters.increment(Counter.BAN_STORE_FAILURES);
            health.failed(e.getMessage());
        }
    }

    /** The tombstone's time; none (or not a number) is "never lifted". */
    private static long liftedAt(String tombstone) {
        if (tombstone == null || !tombstone.matches("[0-9]{1,18}")) {
            return Long.MIN_VALUE;
        }
        return Long.parseLong(tombstone);
    }

    private static Map<IpPrefix, Ban> readAll(RedisCommands<String, String> sync) {
        Map<IpPrefix, Ban> bans = new HashMap<>();
        ScanArgs args = ScanArgs.Builder.matches(KEY_PREFIX + "*").limit(SCAN_BATCH);
        KeyScanCursor<String> cursor = sync.scan(ScanCursor.INITIAL, args);
        while (true) {
            List<String> keys = cursor.getKeys();
            if (!keys.isEmpty()) {
                sync.mget(keys.toArray(String[]::new)).forEach(value -> value.ifHasValue(json -> {
                    try {
                        Ban ban = BanJson.read(JsonText.parse(json));
                        bans.put(ban.target(), ban);
                    } catch (JsonException e) {
                        LOG.log(System.Logger.Level.WARNING, "ban store: " + value.getKey() + " is not a ban, ignored");
                    }
                }));
            }
            if (cursor.isFinished()) {
                return bans;
            }
            cursor = sync.scan(cursor, args);
        }
    }

    @Override
    public void close() {
        reconciler.shutdownNow();
        try {
            if (pubSub != null) {
                pubSub.close();
            }
            if (connection != null) {
                connection.close();
            }
        } finally {
            client.shutdown(Duration.ZERO, TIMEOUT);
            resources.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(TIMEOUT.toMillis());
        }
    }
}

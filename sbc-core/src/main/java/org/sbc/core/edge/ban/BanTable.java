package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import org.sbc.policies.Mode;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.feeds.IpPrefix;

/**
 * The ban table in memory: single addresses and networks, each with a TTL, a reason, its
 * evidence and a hit count; repeat offenders get longer bans.
 *
 * <p>Reads (one per datagram) take no lock: a hash probe for the address, then, only while
 * network bans exist, one probe per prefix length in use (like {@link org.sbc.feeds.CidrSet}).
 * Changes are rare and take the table's lock, which also guards the expiry order and the
 * offence history.
 *
 * <p>Bounded: at most {@code max_entries} bans; a new ban in a full table evicts the ban
 * closest to expiry (it had the least left to do), counted and reported. The offence history is
 * bounded the same way and forgets its oldest entry first.
 */
public final class BanTable implements Bans {

    private static final System.Logger LOG = System.getLogger(BanTable.class.getName());
    private static final Comparator<BanEntry> BY_EXPIRY =
            Comparator.comparingLong((BanEntry e) -> e.expiresMillis).thenComparingLong(e -> e.sequence);

    private final BanConfig config;
    private final Exemptions exemptions;
    private final SecurityEventSink events;
    private final Counters counters;
    private final InstantSource clock;

    private final ConcurrentHashMap<InetAddress, BanEntry> addresses = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<IpPrefix, BanEntry> networks = new ConcurrentHashMap<>();
    /** Network bans per prefix length, so that a lookup probes only the lengths in use. */
    private final AtomicIntegerArray ipv4Lengths = new AtomicIntegerArray(33);
    private final AtomicIntegerArray ipv6Lengths = new AtomicIntegerArray(129);
    private final TreeSet<BanEntry> byExpiry = new TreeSet<>(BY_EXPIRY);
    private final OffenceHistory history;
    private final List<Consumer<IpPrefix>> enforcedListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final List<BanStore> stores = new CopyOnWriteArrayList<>();
    private long sequence;

    public BanTable(BanConfig config, Exemptions exemptions, SecurityEventSink events, Counters counters, InstantSource clock) {
        this.config = requireNonNull(config, "config");
        this.exemptions = requireNonNull(exemptions, "exemptions");
        this.events = requireNonNull(events, "events");
        this.counters = requireNonNull(counters, "counters");
        this.clock = requireNonNull(clock, "clock");
        this.history = new OffenceHistory(config);
    }

    public BanConfig config() {
        return config;
    }

    public Exemptions exemptions() {
        return exemptions;
    }

    /** Called with the target of every enforced new ban: closes its open connections. */
    public void whenEnforced(Consumer<IpPrefix> listener) {
        enforcedListeners.add(requireNonNull(listener, "listener"));
    }

    /** Called after any change to the set of bans: schedules a save. */
    public void whenChanged(Runnable listener) {
        changeListeners.add(requireNonNull(listener, "listener"));
    }

    /**
     * Told of every ban made and lifted on this node (not of those received from the store, nor
     * of expiry: a shared ban expires everywhere at once), to share them with other nodes.
     */
    public void sharedThrough(BanStore store) {
        stores.add(requireNonNull(store, "store"));
    }

    @Override
    public Outcome ban(IpPrefix target, BanReason reason, Evidence evidence) {
        return add(target, reason, evidence, Optional.empty(), Optional.empty());
    }

    /** A policy rule's ban: its own length, as {@link #banFor}. */
    @Override
    public Outcome ban(IpPrefix target, Duration length, BanReason reason, Evidence evidence) {
        return banFor(target, length, reason, evidence, Optional.empty());
    }

    /**
     * A ban of a chosen length (the admin API's manual bans): no escalation, and it replaces an
     * active ban of the same target.
     */
    public Outcome banFor(IpPrefix target, Duration length, BanReason reason, Evidence evidence, Optional<String> note) {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("length: " + length + " (expected: > 0)");
        }
        return add(target, reason, evidence, Optional.of(length), note);
    }

    private Outcome add(IpPrefix target, BanReason reason, Evidence evidence, Optional<Duration> fixed,
            Optional<String> note) {
        requireNonNull(target, "target");
        requireNonNull(reason, "reason");
        requireNonNull(evidence, "evidence");
        if (exemptions.covering(target).isPresent()) {
            counters.increment(Counter.BAN_EXEMPT);
            return Outcome.EXEMPT;
        }
        Outcome outcome = config.mode().enforces() ? Outcome.BANNED : Outcome.MONITORED;
        List<SecurityEvent> toEmit = new ArrayList<>(2);
        Ban made;
        synchronized (this) {
            long now = clock.millis();
            purgeExpiredLocked(now, toEmit);
            BanEntry existing = exact(target);
            if (existing != null && fixed.isEmpty()) {
                // Already banned (a gate in monitor mode lets the source be seen again): no
                // second offence for one episode, and no event per message.
                toEmit.forEach(events::emit);
                return outcome;
            }
            int offences = fixed.isPresent() ? 1 : history.next(target, now);
            long lengthMillis = fixed.map(Duration::toMillis).orElseGet(() -> history.banMillis(offences));
            if (existing != null) {
                removeLocked(existing);
            } else if (byExpiry.size() >= config.maxEntries()) {
                BanEntry evicted = byExpiry.first();
                removeLocked(evicted);
                counters.increment(Counter.BANS_EVICTED);
                toEmit.add(BanEvents.unban(evicted, "evicted: table full (max_entries " + config.maxEntries() + ")",
                        now, config.mode().word()));
            }
            BanEntry entry = new BanEntry(target, reason, evidence, note, now, saturatedAdd(now, lengthMillis),
                    offences, sequence++, 0, 0);
            insertLocked(entry);
            if (fixed.isEmpty()) {
                history.remember(target, offences, entry.expiresMillis);
            }
            counters.increment(Counter.BANS_ADDED);
            counters.banAdded(reason.name().toLowerCase(java.util.Locale.ROOT));
            toEmit.add(BanEvents.ban(entry, lengthMillis, config.mode().word()));
            made = entry.toBan();
        }
        toEmit.forEach(events::emit);
        for (BanStore store : stores) {
            store.banned(made);
        }
        if (outcome == Outcome.BANNED) {
            enforcedListeners.forEach(listener -> listener.accept(target));
        }
        changeListeners.forEach(Runnable::run);
        return outcome;
    }

    /** True when the gate refuses {@code address}: banned, and neither trusted nor allowed. */
    @Override
    public boolean isBanned(InetAddress address) {
        return find(address, clock.millis()) != null && !exemptions.exempts(address);
    }

    /**
     * The ban the gate applies to {@code address}, with the hit recorded; empty when there is
     * none or the address is trusted or allowed (which outrank a network ban).
     */
    public Optional<Ban> hit(InetAddress address) {
        BanEntry entry = hitEntry(address);
        return entry == null ? Optional.empty() : Optional.of(entry.toBan());
    }

    /** {@link #hit} for the per-datagram path: records the hit, builds nothing. */
    public boolean refuses(InetAddress address) {
        return hitEntry(address) != null;
    }

    private BanEntry hitEntry(InetAddress address) {
        long now = clock.millis();
        BanEntry entry = find(address, now);
        if (entry == null || exemptions.exempts(address)) {
            return null;
        }
        entry.hit(now);
        return entry;
    }

    private BanEntry find(InetAddress address, long now) {
        BanEntry entry = addresses.get(address);
        if (entry != null && entry.isActive(now)) {
            return entry;
        }
        if (networks.isEmpty()) {
            return null;
        }
        AtomicIntegerArray lengths = address instanceof Inet4Address ? ipv4Lengths : ipv6Lengths;
        for (int length = lengths.length() - 1; length >= 0; length--) {
            if (lengths.get(length) > 0) {
                entry = networks.get(IpPrefix.enclosing(address, length));
                if (entry != null && entry.isActive(now)) {
                    return entry;
                }
            }
        }
        return null;
    }

    /** Lifts the ban of exactly {@code target}; false when there is none. */
    public boolean unban(IpPrefix target, String why) {
        SecurityEvent event;
        synchronized (this) {
            BanEntry entry = exact(target);
            if (entry == null || !entry.isActive(clock.millis())) {
                return false;
            }
            removeLocked(entry);
            counters.increment(Counter.BANS_REMOVED);
            event = BanEvents.unban(entry, why, clock.millis(), config.mode().word());
        }
        events.emit(event);
        for (BanStore store : stores) {
            store.unbanned(target);
        }
        changeListeners.forEach(Runnable::run);
        return true;
    }

    /**
     * A ban another node made, as the store delivered it: put in force (replacing this node's ban
     * of the same target when the two differ), its offences remembered so that escalation counts
     * them, its target's connections closed. Emits no event and tells no store: the node that made
     * it did both. A full table takes no shared ban (the local ones it holds are as good).
     *
     * @return false when nothing changed: the same ban is here already, it has ended, its target
     *     is trusted or allowed here, or the table is full
     */
    public boolean applyShared(Ban ban) {
        requireNonNull(ban, "ban");
        synchronized (this) {
            long now = clock.millis();
            BanEntry existing = exact(ban.target());
            if (ban.expires().toEpochMilli() <= now || exemptions.covering(ban.target()).isPresent()
                    || (existing != null && existing.expiresMillis == ban.expires().toEpochMilli())
                    || (existing == null && byExpiry.size() >= config.maxEntries())) {
                return false;
            }
            if (existing != null) {
                removeLocked(existing);
            }
            BanEntry entry = new BanEntry(ban.target(), ban.reason(), ban.evidence(), ban.note(),
                    ban.created().toEpochMilli(), ban.expires().toEpochMilli(), ban.offences(), sequence++,
                    existing == null ? 0 : existing.toBan().hits(), 0);
            insertLocked(entry);
            if (ban.reason() != BanReason.MANUAL) {
                history.remember(ban.target(), ban.offences(), entry.expiresMillis);
            }
        }
        if (config.mode().enforces()) {
            enforcedListeners.forEach(listener -> listener.accept(ban.target()));
        }
        changeListeners.forEach(Runnable::run);
        return true;
    }

    /** A ban another node lifted: removed here without an event (that node reported it). */
    public boolean removeShared(IpPrefix target) {
        synchronized (this) {
            BanEntry entry = exact(target);
            if (entry == null) {
                return false;
            }
            removeLocked(entry);
        }
        changeListeners.forEach(Runnable::run);
        return true;
    }

    /** The active ban of exactly {@code target}. */
    public Optional<Ban> get(IpPrefix target) {
        BanEntry entry = exact(target);
        return entry != null && entry.isActive(clock.millis()) ? Optional.of(entry.toBan()) : Optional.empty();
    }

    /** Every active ban that covers {@code address}, narrowest first: the why of a block. */
    public List<Ban> covering(InetAddress address) {
        long now = clock.millis();
        List<Ban> found = new ArrayList<>();
        BanEntry entry = addresses.get(address);
        if (entry != null && entry.isActive(now)) {
            found.add(entry.toBan());
        }
        AtomicIntegerArray lengths = address instanceof Inet4Address ? ipv4Lengths : ipv6Lengths;
        for (int length = lengths.length() - 1; length >= 0; length--) {
            if (lengths.get(length) > 0) {
                entry = networks.get(IpPrefix.enclosing(address, length));
                if (entry != null && entry.isActive(now)) {
                    found.add(entry.toBan());
                }
            }
        }
        return found;
    }

    /** Every active ban, soonest expiry first. */
    public synchronized List<Ban> list() {
        long now = clock.millis();
        List<Ban> bans = new ArrayList<>(byExpiry.size());
        for (BanEntry entry : byExpiry) {
            if (entry.isActive(now)) {
                bans.add(entry.toBan());
            }
        }
        return bans;
    }

    public synchronized int size() {
        return byExpiry.size();
    }

    /**
     * Removes expired bans (reporting each) and forgotten offences; run every second by
     * {@link BanHousekeeper}, off the event loops: the history scan is linear.
     */
    public void purgeExpired() {
        List<SecurityEvent> toEmit = new ArrayList<>();
        synchronized (this) {
            long now = clock.millis();
            purgeExpiredLocked(now, toEmit);
            history.forgetOld(now);
        }
        toEmit.forEach(events::emit);
        if (!toEmit.isEmpty()) {
            changeListeners.forEach(Runnable::run);
        }
    }

    /**
     * Puts back the bans of a saved table. Expired ones and ones now covered by trusted or
     * allowed networks are skipped; past {@code max_entries}, the latest-expiring are kept.
     * Emits no events: these bans were reported when they were made.
     *
     * @return how many were restored
     */
    public int restore(List<Ban> saved) {
        List<Ban> sorted = new ArrayList<>(saved);
        sorted.sort(Comparator.comparing(Ban::expires).reversed());
        int restored = 0;
        synchronized (this) {
            long now = clock.millis();
            for (Ban ban : sorted) {
                if (restored >= config.maxEntries() || !ban.expires().isAfter(Instant.ofEpochMilli(now))
                        || exemptions.covering(ban.target()).isPresent() || exact(ban.target()) != null) {
                    continue;
                }
                BanEntry entry = new BanEntry(ban.target(), ban.reason(), ban.evidence(), ban.note(),
                        ban.created().toEpochMilli(), ban.expires().toEpochMilli(), ban.offences(), sequence++,
                        ban.hits(), ban.lastHit().map(Instant::toEpochMilli).orElse(0L));
                insertLocked(entry);
                if (ban.reason() != BanReason.MANUAL) {
                    history.remember(ban.target(), ban.offences(), entry.expiresMillis);
                }
                restored++;
            }
        }
        if (restored < saved.size()) {
            LOG.log(System.Logger.Level.INFO, "ban state: " + (saved.size() - restored)
                    + " saved bans not restored (expired, now exempt, duplicate or over max_entries)");
        }
        return restored;
    }

    private BanEntry exact(IpPrefix target) {
        return isSingleAddress(target) ? addresses.get(target.network()) : networks.get(target);
    }

    private void insertLocked(BanEntry entry) {
        byExpiry.add(entry);
        if (isSingleAddress(entry.target)) {
            addresses.put(entry.target.network(), entry);
        } else {
            lengthsOf(entry.target).incrementAndGet(entry.target.length());
            networks.put(entry.target, entry);
        }
    }

    private void removeLocked(BanEntry entry) {
        byExpiry.remove(entry);
        if (isSingleAddress(entry.target)) {
            addresses.remove(entry.target.network(), entry);
        } else if (networks.remove(entry.target, entry)) {
            lengthsOf(entry.target).decrementAndGet(entry.target.length());
        }
    }

    private void purgeExpiredLocked(long now, List<SecurityEvent> toEmit) {
        Iterator<BanEntry> oldest = byExpiry.iterator();
        List<BanEntry> expired = new ArrayList<>();
        while (oldest.hasNext()) {
            BanEntry entry = oldest.next();
            if (entry.isActive(now)) {
                break;
            }
            expired.add(entry);
        }
        for (BanEntry entry : expired) {
            removeLocked(entry);
            counters.increment(Counter.BANS_EXPIRED);
            toEmit.add(BanEvents.unban(entry, "expired", now, config.mode().word()));
        }
    }

    private AtomicIntegerArray lengthsOf(IpPrefix target) {
        return target.isIpv4() ? ipv4Lengths : ipv6Lengths;
    }

    static boolean isSingleAddress(IpPrefix target) {
        return target.length() == target.network().getAddress().length * 8;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** The mode the gate applies these bans in. */
    public Mode mode() {
        return config.mode();
    }
}

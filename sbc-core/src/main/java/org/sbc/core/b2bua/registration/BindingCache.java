package org.sbc.core.b2bua.registration;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The registered phones, shared by every shard (a call from the PBX may land on any shard).
 * Keyed by the token the PBX was given as the contact's user part; also found by the AOR's user
 * for PBXs that address calls to the user rather than the contact. Bounded: a registration
 * beyond {@code maxBindings} is refused (503), never stored.
 */
public final class BindingCache {

    private final ConcurrentHashMap<String, Binding> byToken = new ConcurrentHashMap<>();
    /** Each user's most recently registered token; entries leave with their bindings. */
    private final ConcurrentHashMap<String, String> latestByUser = new ConcurrentHashMap<>();
    private final int maxBindings;
    private final LongSupplier clock;

    public BindingCache(int maxBindings, LongSupplier clock) {
        this.maxBindings = maxBindings;
        this.clock = clock;
    }

    /** False when the cache is full and {@code binding} is new. */
    public boolean put(Binding binding) {
        if (!byToken.containsKey(binding.token()) && byToken.size() >= maxBindings) {
            sweep();
            if (byToken.size() >= maxBindings) {
                return false;
            }
        }
        byToken.put(binding.token(), binding);
        latestByUser.put(binding.user(), binding.token());
        return true;
    }

    public void remove(String token) {
        Binding removed = byToken.remove(token);
        if (removed != null) {
            latestByUser.remove(removed.user(), token);
        }
    }

    public Optional<Binding> byToken(String token) {
        Binding binding = byToken.get(token);
        if (binding != null && binding.expired(clock.getAsLong())) {
            byToken.remove(token, binding);
            return Optional.empty();
        }
        return Optional.ofNullable(binding);
    }

    /**
     * The most recently registered live contact of {@code user}, for calls addressed to the user;
     * when that one is gone, the live contact that stays registered longest.
     */
    public Optional<Binding> byUser(String user) {
        String latest = latestByUser.get(user);
        if (latest != null) {
            Optional<Binding> binding = byToken(latest);
            if (binding.isPresent()) {
                return binding;
            }
        }
        long now = clock.getAsLong();
        return byToken.values().stream()
                .filter(b -> b.user().equals(user) && !b.expired(now))
                .max((a, b) -> Long.compare(a.expiresAtMillis(), b.expiresAtMillis()));
    }

    public void sweep() {
        long now = clock.getAsLong();
        byToken.values().removeIf(b -> b.expired(now));
        latestByUser.values().removeIf(token -> !byToken.containsKey(token));
    }

    public Collection<Binding> all() {
        return byToken.values();
    }

    public int size() {
        return byToken.size();
    }
}

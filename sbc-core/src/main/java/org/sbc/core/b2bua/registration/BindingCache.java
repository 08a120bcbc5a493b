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
        return true;
    }

    public void remove(String token) {
        byToken.remove(token);
    }

    public Optional<Binding> byToken(String token) {
        Binding binding = byToken.get(token);
        if (binding != null && binding.expired(clock.getAsLong())) {
            byToken.remove(token, binding);
            return Optional.empty();
        }
        return Optional.ofNullable(binding);
    }

    /** The most recently registered live contact of {@code user}, for calls addressed to the user. */
    public Optional<Binding> byUser(String user) {
        long now = clock.getAsLong();
        return byToken.values().stream()
                .filter(b -> b.user().equals(user) && !b.expired(now))
                .max((a, b) -> Long.compare(a.expiresAtMillis(), b.expiresAtMillis()));
    }

    public void sweep() {
        long now = clock.getAsLong();
        byToken.values().removeIf(b -> b.expired(now));
    }

    public Collection<Binding> all() {
        return byToken.values();
    }

    public int size() {
        return byToken.size();
    }
}

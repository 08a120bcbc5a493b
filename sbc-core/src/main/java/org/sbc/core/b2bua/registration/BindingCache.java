package org.sbc.core.b2bua.registration;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The registered phones, shared by every shard (a call from the PBX may land on any shard).
 * Keyed by the token the PBX was given as the contact's user part; also found by the AOR's user
 * for PBXs that address calls to the user rather than the contact. Bounded: a registration
 * beyond {@code maxBindings} is refused (503), never stored.
 *
 * <p>A user's lookup touches only that user's tokens, never the whole table: the policy asks
 * "registered?" for every request, and a request whose From user holds no registration (any
 * scanner's) must not cost a walk over {@code maxBindings} bindings.
 */
public final class BindingCache {

    private final ConcurrentHashMap<String, Binding> byToken = new ConcurrentHashMap<>();
    /** Each user's most recently registered token; entries leave with their bindings. */
    private final ConcurrentHashMap<String, String> latestByUser = new ConcurrentHashMap<>();
    /** Each user's tokens; a user's entry leaves with its last binding, so it is bounded as byToken is. */
    private final ConcurrentHashMap<String, Set<String>> tokensByUser = new ConcurrentHashMap<>();
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
        Binding previous = byToken.put(binding.token(), binding);
        if (previous != null && !previous.user().equals(binding.user())) {
            unindex(previous);
        }
        tokensByUser.compute(binding.user(), (user, tokens) -> {
            Set<String> all = tokens == null ? ConcurrentHashMap.newKeySet() : tokens;
            all.add(binding.token());
            return all;
        });
        latestByUser.put(binding.user(), binding.token());
        return true;
    }

    public void remove(String token) {
        Binding removed = byToken.remove(token);
        if (removed != null) {
            unindex(removed);
        }
    }

    private void unindex(Binding gone) {
        latestByUser.remove(gone.user(), gone.token());
        tokensByUser.computeIfPresent(gone.user(), (user, tokens) -> {
            tokens.remove(gone.token());
            return tokens.isEmpty() ? null : tokens;
        });
    }

    public Optional<Binding> byToken(String token) {
        Binding binding = byToken.get(token);
        if (binding != null && binding.expired(clock.getAsLong())) {
            if (byToken.remove(token, binding)) {
                unindex(binding);
            }
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
        Set<String> tokens = tokensByUser.get(user);
        if (tokens == null) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        return List.copyOf(tokens).stream()
                .map(byToken::get)
                .filter(b -> b != null && b.user().equals(user) && !b.expired(now))
                .max((a, b) -> Long.compare(a.expiresAtMillis(), b.expiresAtMillis()));
    }

    public void sweep() {
        long now = clock.getAsLong();
        for (Binding binding : List.copyOf(byToken.values())) {
            if (binding.expired(now) && byToken.remove(binding.token(), binding)) {
                unindex(binding);
            }
        }
    }

    public Collection<Binding> all() {
        return byToken.values();
    }

    public int size() {
        return byToken.size();
    }
}

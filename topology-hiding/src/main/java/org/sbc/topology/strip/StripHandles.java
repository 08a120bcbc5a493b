package org.sbc.topology.strip;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.sbc.topology.DialogHandles;
import org.sbc.topology.RandomTokens;

/**
 * Strip mode: handles are short random ids; the mappings stay in a {@link MappingStore}.
 *
 * <p>An id is {@link #ID_LENGTH} characters from [a-z0-9] drawn from a SecureRandom
 * ({@link RandomTokens}): about 82 bits, so ids cannot be guessed to reach another caller's
 * dialog. A handle that is not shaped like an id never reaches the store, so attacker text is
 * never a store key.
 */
public final class StripHandles implements DialogHandles {

    public static final int ID_LENGTH = 16;

    private static final CompletionStage<Optional<byte[]>> UNKNOWN = CompletableFuture.completedFuture(Optional.empty());

    private final MappingStore store;
    private final RandomTokens tokens = new RandomTokens();

    public StripHandles(MappingStore store) {
        this.store = requireNonNull(store, "store");
    }

    /**
     * Stores {@code mapping} under {@code previous} when that is a well-formed id, else under a
     * new one. The store write completes in the background; a failed write shows up later as an
     * unknown handle, which the caller already answers.
     */
    @Override
    public String handle(Optional<String> previous, byte[] mapping, Duration ttl) {
        String id = previous.filter(StripHandles::isWellFormed).orElseGet(() -> tokens.next(ID_LENGTH));
        store.put(id, mapping, ttl);
        return id;
    }

    @Override
    public CompletionStage<Optional<byte[]>> resolve(String handle) {
        if (!isWellFormed(handle)) {
            return UNKNOWN;
        }
        try {
            return store.get(handle).exceptionally(failure -> Optional.empty());
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }

    @Override
    public void release(String handle) {
        if (isWellFormed(handle)) {
            store.remove(handle);
        }
    }

    /** Closes the store (stores close idempotently, so closing it again elsewhere is harmless). */
    @Override
    public void close() {
        store.close();
    }

    /** Exactly {@link #ID_LENGTH} characters from [a-z0-9]. */
    public static boolean isWellFormed(String id) {
        if (id == null || id.length() != ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < ID_LENGTH; i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}

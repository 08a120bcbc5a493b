package org.sbc.topology.strip;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.sbc.topology.DialogHandles;

/**
 * Strip mode: handles are short random ids; the mappings stay in a {@link MappingStore}.
 *
 * <p>An id is {@link #ID_LENGTH} characters from [a-z0-9] drawn from a SecureRandom: about 82
 * bits, so ids cannot be guessed to reach another caller's dialog. A handle that is not shaped
 * like an id never reaches the store, so attacker text is never a store key.
 */
public final class StripHandles implements DialogHandles {

    public static final int ID_LENGTH = 16;

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int UNBIASED_BOUND = 256 - 256 % ALPHABET.length;
    private static final CompletionStage<Optional<byte[]>> UNKNOWN = CompletableFuture.completedFuture(Optional.empty());

    private final MappingStore store;
    private static final int DRAW_BYTES = 1_024;

    private final SecureRandom random = new SecureRandom();
    /** Random bytes not yet used for an id, from {@link #drawn} on; guarded by this. */
    private final byte[] draw = new byte[DRAW_BYTES];
    private int drawn = DRAW_BYTES;

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
        String id = previous.filter(StripHandles::isWellFormed).orElseGet(this::newId);
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

    /**
     * Ids are cut from draws of {@link #DRAW_BYTES} bytes of the SecureRandom, not one draw per id:
     * each draw takes the generator's lock and the native one reads the kernel's pool, which showed
     * in the call benchmark's profile (a draw per character before that, then one per id). A byte
     * is used once, and bytes of 252 and up are skipped so that every character stays equally
     * likely (252 = 7 x 36). The lock is held by the event loops for the copy of 16 characters.
     */
    private synchronized String newId() {
        char[] id = new char[ID_LENGTH];
        int filled = 0;
        while (filled < ID_LENGTH) {
            if (drawn == draw.length) {
                random.nextBytes(draw);
                drawn = 0;
            }
            int value = Byte.toUnsignedInt(draw[drawn++]);
            if (value < UNBIASED_BOUND) {
                id[filled++] = ALPHABET[value % ALPHABET.length];
            }
        }
        return new String(id);
    }
}

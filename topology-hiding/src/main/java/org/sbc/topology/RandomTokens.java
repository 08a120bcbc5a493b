package org.sbc.topology;

import java.security.SecureRandom;

/**
 * Random text from [a-z0-9] for identifiers that must not be guessable: strip-mode handles, and
 * the tags, branches and Call-IDs the B2BUA gives its legs, which must say nothing about the
 * other leg.
 *
 * <p>Tokens are cut from draws of {@link #DRAW_BYTES} bytes of a SecureRandom, not one draw per
 * token: each draw takes the generator's lock and the native one reads the kernel's pool, which
 * showed in the call benchmark's profile (1.5 % of the event loops' CPU at 3,500 calls/s with a
 * draw per token). A byte is used once, and bytes of 252 and up are skipped so that every
 * character stays equally likely (252 = 7 x 36). Safe for use by several threads; the lock is
 * held for the copy of one token.
 */
public final class RandomTokens {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int UNBIASED_BOUND = 256 - 256 % ALPHABET.length;
    private static final int DRAW_BYTES = 1_024;

    private final SecureRandom random = new SecureRandom();
    /** Random bytes not yet used, from {@link #drawn} on; guarded by this. */
    private final byte[] draw = new byte[DRAW_BYTES];
    private int drawn = DRAW_BYTES;

    /** A token of {@code length} characters, each from [a-z0-9] with equal chance. */
    public synchronized String next(int length) {
        char[] token = new char[length];
        int filled = 0;
        while (filled < length) {
            if (drawn == draw.length) {
                random.nextBytes(draw);
                drawn = 0;
            }
            int value = Byte.toUnsignedInt(draw[drawn++]);
            if (value < UNBIASED_BOUND) {
                token[filled++] = ALPHABET[value % ALPHABET.length];
            }
        }
        return new String(token);
    }
}

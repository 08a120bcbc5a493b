package org.sbc.topology.mask;

import java.util.Optional;

/**
 * Seals bytes into URL-safe tokens with an AEAD cipher under the current key, and opens tokens
 * made under the current or the previous key (rotation). A token that fails authentication
 * opens to nothing, never to garbage.
 */
public final class TokenSealer {

    public static final int KEY_BYTES = 32;

    public TokenSealer(byte[] currentKey, Optional<byte[]> previousKey) {
        throw new UnsupportedOperationException("not yet");
    }

    /** [A-Za-z0-9_-] only. */
    public String seal(byte[] plaintext) {
        throw new UnsupportedOperationException("not yet");
    }

    public Optional<byte[]> open(String token) {
        throw new UnsupportedOperationException("not yet");
    }
}
